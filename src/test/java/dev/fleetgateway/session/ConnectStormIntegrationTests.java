package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.ModuleView;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Many modules saying hello at once against a tiny background-writer queue: registry writes wait in their own
 * table of pending keys, so every module is registered and none is dropped.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.database-writer.queue=4")
class ConnectStormIntegrationTests {

    static final int MODULES = 1000;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    ModuleService modules;

    @Autowired
    MeterRegistry meters;

    double registryDrops() {
        return meters.find("fleet.registry.writes.dropped").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    int registered() {
        return modules.keysMatching(Map.of(), 2 * MODULES).size();
    }

    @Test
    void everyModuleOfAStormIsRegisteredAndTouchedWhenItLeaves() throws Exception {
        List<ModuleClient> clients = new ArrayList<>();
        Map<String, Instant> firstSeen = new HashMap<>();
        try {
            for (int i = 0; i < MODULES; i++) {
                clients.add(ModuleClient.hello(server.localPort(), "storm-" + i));
            }
            Await.until(MODULES + " sessions identified", Duration.ofSeconds(60), () -> sessions.all().stream()
                    .filter(s -> s.isOpen() && s.moduleKey() != null).count() == MODULES);
            Await.until(MODULES + " modules registered", Duration.ofSeconds(60), () -> registered() == MODULES);

            for (int i = 0; i < MODULES; i += 97) {
                ModuleView m = modules.get("storm-" + i);
                assertThat(m.kind()).isEqualTo(ModuleKind.REAL);
                assertThat(m.lastSeenAt()).isNotNull();
                firstSeen.put(m.moduleKey(), m.lastSeenAt());
            }
        } finally {
            for (ModuleClient c : clients) {
                c.close();
            }
        }
        Await.until("all sessions closed", Duration.ofSeconds(60), () -> sessions.liveCount() == 0);
        Await.until("last-seen refreshed on close", Duration.ofSeconds(60), () -> firstSeen.entrySet().stream()
                .allMatch(e -> modules.get(e.getKey()).lastSeenAt().isAfter(e.getValue())));

        Await.until("nothing left pending", () -> meters.get("fleet.registry.pending").gauge().value() == 0);
        assertThat(registered()).isEqualTo(MODULES);
        assertThat(registryDrops()).isZero();
    }
}
