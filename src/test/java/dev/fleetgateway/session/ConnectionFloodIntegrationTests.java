package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Twice {@code max-sessions} idle connects that never say hello (the 19,990-connect flood, scaled down):
 * the extra ones are refused at accept and counted, the sessions stay at the limit, and the liveness and
 * readiness probes keep answering.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.modules.max-sessions=200",
        "gateway.modules.limits.source-sessions=400",
        "gateway.modules.limits.source-connect-rate=0",
        "gateway.modules.limits.connect-rate=0"})
class ConnectionFloodIntegrationTests {

    static final int FLOOD = 400;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    MeterRegistry meters;

    double refusedAtMax() {
        return meters.counter("fleet.sessions.refused", "reason", "max_sessions").count();
    }

    @Test
    void aFloodPastMaxSessionsIsRefusedAtAcceptAndLivenessKeepsAnswering() throws Exception {
        Http http = new Http(managementPort);
        // The first request pays for lazy initialisation of the actuator; only the flood is under test.
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        List<ModuleClient> flood = new ArrayList<>();
        try {
            for (int i = 0; i < FLOOD; i++) {
                // Spread over four source addresses, as a flood from many hosts would come.
                flood.add(ModuleClient.from("127.0.0." + (10 + i % 4), server.localPort()));
            }
            Await.until("the extra connects refused", Duration.ofSeconds(30), () -> refusedAtMax() >= FLOOD - 200);
            assertThat(registry.liveCount()).isLessThanOrEqualTo(200);

            long slowest = 0;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                Http.Response live = http.get("/actuator/health/liveness");
                long millis = (System.nanoTime() - t0) / 1_000_000;
                assertThat(live.status()).isEqualTo(200);
                assertThat(live.json().get("status").asString()).isEqualTo("UP");
                // The bar: a probe that takes a second is a probe Kubernetes counts as failed.
                assertThat(millis).as("liveness answered in %d ms", millis).isLessThan(1000);
                slowest = Math.max(slowest, millis);
            }
            System.out.printf("flood of %d: %d sessions, %.0f refused at max-sessions, slowest liveness %d ms%n",
                    FLOOD, registry.liveCount(), refusedAtMax(), slowest);
            assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        } finally {
            for (ModuleClient c : flood) {
                c.close();
            }
        }
        Await.until("flood sessions gone", Duration.ofSeconds(30), () -> registry.liveCount() == 0);
    }
}
