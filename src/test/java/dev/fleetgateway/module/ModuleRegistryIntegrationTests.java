package dev.fleetgateway.module;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ModuleRegistryIntegrationTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void createsListsUpdatesAndDeletesOverRealHttp() {
        Http http = new Http(port);
        Http.Response created = http.post("/api/v1/modules",
                "{\"moduleKey\":\"866327040000001\",\"name\":\"Meter 1\",\"labels\":{\"site\":\"berlin\"}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();

        http.post("/api/v1/modules", "{\"moduleKey\":\"866327040000002\",\"kind\":\"SIMULATED\",\"labels\":{\"site\":\"paris\"}}");

        Http.Response list = http.get("/api/v1/modules?label=site:berlin");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("totalElements").asInt()).isEqualTo(1);
        assertThat(list.json().get("content").get(0).get("id").asString()).isEqualTo(id);

        Http.Response byKey = http.get("/api/v1/modules/866327040000001");
        assertThat(byKey.json().get("id").asString()).isEqualTo(id);

        Http.Response updated = http.patch("/api/v1/modules/" + id, "{\"name\":\"Meter one\",\"labels\":{\"site\":\"rome\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asString()).isEqualTo("Meter one");
        assertThat(updated.json().get("labels").get("site").asString()).isEqualTo("rome");

        Http.Response dup = http.post("/api/v1/modules", "{\"moduleKey\":\"866327040000001\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.contentType()).startsWith("application/problem+json");

        assertThat(http.delete("/api/v1/modules/" + id).status()).isEqualTo(204);
        Http.Response gone = http.get("/api/v1/modules/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("title").asString()).isEqualTo("Module not found");
    }

    @Test
    void answersUnmappedPathsAndErrorsAsProblemDetails() {
        Http http = new Http(port);
        for (String path : new String[] {"/nope", "/api/v1/nope/deeper", "/error"}) {
            Http.Response r = http.get(path);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
            assertThat(r.json().has("status")).as(path).isTrue();
            assertThat(r.json().has("timestamp")).as("legacy error map for " + path).isFalse();
            assertThat(r.body()).doesNotContain("trace").doesNotContain("Exception");
        }
        assertThat(http.get("/nope").status()).isEqualTo(404);
        assertThat(http.get("/nope").json().get("detail").asString()).contains("/nope");
    }

    @Test
    void refusesAHugeBodyBeforeReadingIt() {
        Http http = new Http(port);
        Http.Response r = http.post("/api/v1/modules", "application/json", new byte[1600 * 1024]);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("title").asString()).isEqualTo("Payload too large");
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheusOnTheManagementPort() {
        Http http = new Http(managementPort);
        assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        Http.Response prom = http.get("/actuator/prometheus");
        assertThat(prom.status()).isEqualTo(200);
        assertThat(prom.contentType()).startsWith("text/plain");
        assertThat(prom.body()).contains("# TYPE jvm_memory_used_bytes gauge");
        assertThat(http.get("/actuator/info").status()).isEqualTo(200);
        assertThat(http.get("/actuator/env").status()).isEqualTo(404);
        assertThat(http.get("/actuator/beans").status()).isEqualTo(404);
    }

    @Test
    void publishesOpenApiWithModuleEndpoints() {
        Http http = new Http(port);
        Http.Response spec = http.get("/v3/api-docs");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.json().get("paths").has("/api/v1/modules")).isTrue();
        assertThat(spec.json().get("paths").has("/api/v1/modules/{idOrKey}")).isTrue();
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
