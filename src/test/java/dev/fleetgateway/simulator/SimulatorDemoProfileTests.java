package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Http;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
class SimulatorDemoProfileTests {

    @LocalServerPort
    int port;

    @Autowired
    SessionRegistry sessions;

    @Test
    void demoProfileShowsALivingFleetWithinSeconds() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(15)).until(() -> sessions.list(s -> s.isOpen() && s.moduleKey() != null
                && s.moduleKey().startsWith("86900000")).size() >= 1);

        Http.Response fleets = http.get("/api/v1/simulator/fleets");
        assertThat(fleets.status()).isEqualTo(200);
        assertThat(fleets.json().get(0).get("name").asString()).isEqualTo("demo");
        assertThat(fleets.json().get(0).get("count").asInt()).isEqualTo(25);
        assertThat(fleets.json().get(0).get("profiles").toString()).contains("TELEMETRY", "ECHO");

        String key = sessions.list(s -> s.isOpen() && s.moduleKey() != null).get(0).moduleKey();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/api/v1/modules/" + key).json().get("kind").asString()).isEqualTo("SIMULATED"));
    }
}
