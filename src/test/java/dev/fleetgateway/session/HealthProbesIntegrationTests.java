package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/** The probe groups: liveness is the process alone, readiness adds the module port and the database. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HealthProbesIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    static List<String> components(JsonNode health) {
        List<String> names = new ArrayList<>();
        health.get("components").propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void livenessDependsOnNothingOutsideTheProcess() {
        Http.Response r = new Http(httpPort).get("/actuator/health/liveness");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
        // A database or module-port outage must never make Kubernetes restart the pod.
        assertThat(components(r.json())).containsExactly("livenessState");
    }

    @Test
    void readinessIncludesTheModulePortAndTheDatabase() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = new ModuleClient(server.localPort())) {
            Await.until("a live session counted", () -> http.get("/actuator/health/readiness").json()
                    .get("components").get("modulePort").get("details").get("sessions").asInt() >= 1);
            Http.Response r = http.get("/actuator/health/readiness");
            assertThat(r.status()).isEqualTo(200);
            assertThat(components(r.json())).containsExactlyInAnyOrder("readinessState", "db", "modulePort");
            JsonNode port = r.json().get("components").get("modulePort");
            assertThat(port.get("status").asString()).isEqualTo("UP");
            assertThat(port.get("details").get("port").asInt()).isEqualTo(server.localPort());
            // By default max-sessions stays below the open-file limit, with a reserve for HTTP, database and files.
            assertThat(port.get("details").get("maxSessions").asLong()).isLessThan(OpenFiles.limit());
            assertThat(r.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        }
    }
}
