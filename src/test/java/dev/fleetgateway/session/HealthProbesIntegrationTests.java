package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * The probe groups: liveness is the process alone, readiness adds the module port and the database. They answer
 * on the management port, to anybody, with their status only; the REST port has no actuator at all.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class HealthProbesIntegrationTests {

    @LocalServerPort
    int httpPort;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ModuleServer server;

    @Autowired
    HealthEndpoint health;

    static List<String> components(String group, HealthEndpoint health) {
        return new ArrayList<>(((CompositeHealthDescriptor) health.healthForPath(group)).getComponents().keySet());
    }

    @Test
    void probesAnswerOnTheManagementPortWithoutKeyOrDetails() {
        assertThat(managementPort).isNotEqualTo(httpPort);
        Http management = new Http(managementPort, null);
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            Http.Response r = management.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.json().get("status").asString()).as(path).isEqualTo("UP");
            // Which components there are, the database product, ports and session counts are for authorized eyes.
            assertThat(r.json().has("components")).as(path + ": " + r.body()).isFalse();
            assertThat(r.json().has("details")).as(path + ": " + r.body()).isFalse();
        }
    }

    @Test
    void theRestPortHasNoActuator() {
        Http http = new Http(httpPort);
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/prometheus",
                "/actuator/info", "/actuator")) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void livenessDependsOnNothingOutsideTheProcess() {
        // A database or module-port outage must never make Kubernetes restart the pod.
        assertThat(components("liveness", health)).containsExactly("livenessState");
    }

    @Test
    void readinessIncludesTheModulePortAndTheDatabase() throws Exception {
        try (ModuleClient module = new ModuleClient(server.localPort())) {
            Await.until("a live session counted", () -> ((Number) modulePort().getDetails().get("sessions")).intValue() >= 1);
            assertThat(components("readiness", health)).containsExactlyInAnyOrder("readinessState", "db",
                    "modulePort");
            IndicatedHealthDescriptor port = modulePort();
            assertThat(port.getStatus().getCode()).isEqualTo("UP");
            assertThat(port.getDetails().get("port")).isEqualTo(server.localPort());
            // By default max-sessions stays below the open-file limit, with a reserve for HTTP, database and files.
            assertThat(((Number) port.getDetails().get("maxSessions")).longValue()).isLessThan(OpenFiles.limit());
            assertThat(health.healthForPath("readiness", "db").getStatus().getCode()).isEqualTo("UP");
        }
    }

    private IndicatedHealthDescriptor modulePort() {
        return (IndicatedHealthDescriptor) health.healthForPath("readiness", "modulePort");
    }
}
