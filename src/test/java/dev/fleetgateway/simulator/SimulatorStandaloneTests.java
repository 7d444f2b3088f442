package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.fleetgateway.session.ModuleServer;

/** The load-tester mode: no module port, fleets dial the server named by properties. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.modules.enabled=false")
class SimulatorStandaloneTests {

    static final LoopbackServer target = new LoopbackServer();

    @DynamicPropertySource
    static void target(DynamicPropertyRegistry registry) {
        registry.add("gateway.simulator.target.host", () -> "127.0.0.1");
        registry.add("gateway.simulator.target.port", target::port);
    }

    @AfterAll
    static void stop() {
        target.close();
    }

    @Autowired
    SimulatorService simulator;

    @Autowired
    ModuleServer moduleServer;

    @Test
    void fleetsDialTheConfiguredServerWhenTheModulePortIsOff() {
        assertThat(moduleServer.isListening()).isFalse();
        FleetView fleet = simulator.create(new FleetRequest("load", 10, null, null, null, List.of(Profile.TELEMETRY),
                new FleetRequest.TelemetryRequest("100ms", null, null), null, null, null, true, null, null, null, null));
        assertThat(fleet.port()).isEqualTo(target.port());
        await().atMost(Duration.ofSeconds(30)).until(() -> target.connections.size() == 10
                && target.connections.stream().allMatch(c -> c.received.toString().contains("\"seq\":2")));
        simulator.delete(fleet.id()).join();
        await().atMost(Duration.ofSeconds(15)).until(() -> target.open() == 0);
    }
}
