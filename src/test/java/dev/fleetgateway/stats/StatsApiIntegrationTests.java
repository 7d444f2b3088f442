package dev.fleetgateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/stats} with real modules on loopback. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class StatsApiIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Test
    void summarisesTheFleetAndRanksTheBusiestModules() throws Exception {
        Http http = new Http(httpPort);
        JsonNode before = http.get("/api/v1/stats").json();
        List<ModuleClient> modules = new ArrayList<>();
        try {
            for (int i = 1; i <= 4; i++) {
                ModuleClient m = ModuleClient.hello(server.localPort(), "stats-" + i);
                modules.add(m);
                m.send("x".repeat(i * 100)); // stats-4 sends most, and nobody reads it: most buffered too
            }
            Await.until("traffic of 4 modules", () -> registry.all().stream()
                    .filter(s -> s.moduleKey() != null && s.moduleKey().startsWith("stats-") && s.isOpen())
                    .mapToLong(s -> s.stats().bytesIn()).sum() == 1000);

            Http.Response r = http.get("/api/v1/stats?top=2");
            assertThat(r.status()).isEqualTo(200);
            JsonNode stats = r.json();
            assertThat(stats.get("sessions").get("live").asInt()).isGreaterThanOrEqualTo(4);
            assertThat(stats.get("sessions").get("byDirection").get("INBOUND").get("OPEN").asInt())
                    .isGreaterThanOrEqualTo(4);
            assertThat(stats.get("sessions").get("byDirection").get("OUTBOUND").has("BACKOFF")).isTrue();
            assertThat(stats.get("totals").get("opened").asLong())
                    .isGreaterThanOrEqualTo(before.get("totals").get("opened").asLong() + 4);
            assertThat(stats.get("totals").get("bytesIn").asLong())
                    .isGreaterThanOrEqualTo(before.get("totals").get("bytesIn").asLong() + 1000);
            assertThat(stats.get("rates").get("windowSeconds").asDouble()).isPositive().isLessThanOrEqualTo(61);
            assertThat(stats.get("rates").get("connectsPerSecond").asDouble()).isPositive();
            assertThat(stats.get("rates").get("bytesInPerSecond").asDouble()).isPositive();

            JsonNode top = stats.get("top");
            assertThat(top.get("n").asInt()).isEqualTo(2);
            assertThat(top.get("byTraffic")).hasSize(2);
            assertThat(top.get("byTraffic").get(0).get("moduleKey").asString()).isEqualTo("stats-4");
            assertThat(top.get("byTraffic").get(0).get("bytesIn").asLong()).isEqualTo(400);
            assertThat(top.get("byTraffic").get(1).get("moduleKey").asString()).isEqualTo("stats-3");
            assertThat(top.get("byBufferedBytes").get(0).get("moduleKey").asString()).isEqualTo("stats-4");
            assertThat(top.get("byBufferedBytes").get(0).get("bufferedBytes").asLong()).isEqualTo(400);
        } finally {
            for (ModuleClient m : modules) {
                m.close();
            }
        }
    }

    @Test
    void refusesATopOutsideItsBound() {
        Http http = new Http(httpPort);
        for (String top : List.of("0", "101", "-1")) {
            Http.Response r = http.get("/api/v1/stats?top=" + top);
            assertThat(r.status()).as("top=" + top).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("top");
        }
        assertThat(http.get("/api/v1/stats?top=100").status()).isEqualTo(200);
    }
}
