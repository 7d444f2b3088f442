package dev.fleetgateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * Swagger UI and the OpenAPI document need the read role like any read of the API; on the management port an API
 * key with the read role unlocks health details, while probes and the Prometheus scrape answer to anybody,
 * whatever credential they carry.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DocsAndHealthAuthorizationIntegrationTests {

    private static final List<String> DOCS = List.of("/v3/api-docs", "/v3/api-docs.yaml",
            "/v3/api-docs/swagger-config", "/swagger-ui.html", "/swagger-ui/index.html");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    String reader;
    String sender;

    @BeforeEach
    void keys() {
        reader = create("docs-reader", "read");
        sender = create("docs-sender", "send");
    }

    @Test
    void docsAnswer401ProblemWithoutAKeyAnd200WithAReadKey() {
        for (String path : DOCS) {
            Http.Response anonymous = new Http(port, null).get(path);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).as(path).startsWith("application/problem+json");
            assertThat(new Http(port, "fgk_not-a-key").get(path).status()).as(path).isEqualTo(401);

            Http.Response read = new Http(port, reader).get(path);
            // swagger-ui.html redirects to the UI's page; the client does not follow it.
            assertThat(read.status()).as(path).isIn(200, 302);
        }
        assertThat(new Http(port, reader).get("/swagger-ui/index.html").body()).contains("swagger-ui");
    }

    @Test
    void docsAnswer403NamingTheReadRoleForAKeyWithoutIt() {
        for (String path : DOCS) {
            Http.Response r = new Http(port, sender).get(path);
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
            assertThat(r.json().get("requiredRole").asString()).isEqualTo("read");
            assertThat(r.json().get("detail").asString()).contains("needs the 'read' role")
                    .contains("'docs-sender' has send");
        }
    }

    @Test
    void theOpenApiDocumentDeclaresTheBearerSchemeForSwaggerUisAuthorizeButton() {
        JsonNode doc = new Http(port, reader).get("/v3/api-docs").json();
        JsonNode scheme = doc.get("components").get("securitySchemes").get("bearerAuth");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        // applied per operation (every /api operation), so Swagger UI sends the key with each "Try it out"
        assertThat(doc.get("paths").get("/api/v1/sessions").get("get").get("security").get(0).has("bearerAuth"))
                .isTrue();
    }

    @Test
    void aReadKeyOnTheManagementPortShowsHealthDetails() {
        JsonNode health = new Http(managementPort, reader).get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode components = health.get("components");
        assertThat(components).as(health.toString()).isNotNull();
        assertThat(components.has("db")).isTrue();
        assertThat(components.get("db").get("details").has("database")).as(health.toString()).isTrue();
        assertThat(components.get("modulePort").get("details").has("sessions")).as(health.toString()).isTrue();

        JsonNode readiness = new Http(managementPort, reader).get("/actuator/health/readiness").json();
        assertThat(readiness.get("components").has("db")).as(readiness.toString()).isTrue();
    }

    @Test
    void withoutAReadKeyHealthShowsItsStatusOnly() {
        for (String key : new String[] {null, sender, "fgk_not-a-key", "a.b.c"}) {
            Http.Response r = new Http(managementPort, key).get("/actuator/health");
            assertThat(r.status()).as(String.valueOf(key)).isEqualTo(200);
            assertThat(r.json().get("status").asString()).isEqualTo("UP");
            assertThat(r.json().has("components")).as(key + ": " + r.body()).isFalse();
        }
    }

    @Test
    void probesAndTheScrapeAnswerWithoutAKeyAndDespiteAWrongOne() {
        for (String key : new String[] {null, "fgk_not-a-key", "a.b.c", sender}) {
            Http management = new Http(managementPort, key);
            for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
                Http.Response r = management.get(path);
                assertThat(r.status()).as(path + " with " + key).isEqualTo(200);
                assertThat(r.json().get("status").asString()).isEqualTo("UP");
                assertThat(r.json().has("components")).as(path + " with " + key).isFalse();
            }
            Http.Response scrape = management.get("/actuator/prometheus");
            assertThat(scrape.status()).as("prometheus with " + key).isEqualTo(200);
            assertThat(scrape.body()).contains("fleet_");
        }
    }

    private String create(String name, String role) {
        Http.Response r = new Http(port).post("/api/v1/keys",
                "{\"name\":\"" + name + "\",\"roles\":[\"" + role + "\"]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asString();
    }
}
