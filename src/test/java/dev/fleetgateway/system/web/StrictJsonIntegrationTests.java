package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;

/** Request bodies are strict: an unknown field or a value of the wrong type is a 400 that names the field. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.api.max-payload=16KB", "gateway.simulator.max-fleets=2",
        "gateway.simulator.max-modules-per-fleet=3", "gateway.simulator.max-modules-total=4",
        "gateway.simulator.recv-max-wait=200ms", "gateway.api.max-wait=200ms",
        "gateway.streams.heartbeat=200ms"})
class StrictJsonIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void refusesAnUnknownFieldNamingIt() {
        // "profile" for "profiles": before, an idle fleet was started
        Http.Response r = new Http(port).post("/api/v1/simulator/fleets", "{\"count\":1,\"profile\":[\"ECHO\"]}");
        assertBadField(r, "profile");
        assertThat(r.json().get("errors").get(0).get("message").asString()).contains("unknown field");
    }

    @Test
    void refusesANumberWhereAStringIsExpected() {
        // {"data":123} used to send the three characters "123"
        Http.Response r = new Http(port).post("/api/v1/modules/866327040555001/send", "{\"data\":123}");
        assertBadField(r, "data");
        assertThat(r.json().get("errors").get(0).get("message").asString()).contains("a string");
    }

    @Test
    void refusesWrongTypesInNestedAndScalarFields() {
        Http http = new Http(port);
        assertBadField(http.post("/api/v1/modules", "{\"moduleKey\":\"866327040555002\",\"labels\":{\"site\":1}}"),
                "labels.site");
        assertBadField(http.post("/api/v1/modules", "{\"moduleKey\":true}"), "moduleKey");
        assertBadField(http.post("/api/v1/simulator/fleets", "{\"count\":\"5\"}"), "count");
        assertBadField(http.post("/api/v1/simulator/fleets", "{\"count\":1,\"hello\":\"false\"}"), "hello");
        assertBadField(http.post("/api/v1/modules", "{\"moduleKey\":\"866327040555003\",\"kind\":0}"), "kind");
    }

    @Test
    void stillAcceptsAWellTypedBody() {
        Http.Response r = new Http(port).post("/api/v1/modules",
                "{\"moduleKey\":\"866327040555004\",\"name\":\"ok\",\"kind\":\"REAL\",\"labels\":{\"site\":\"x\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static void assertBadField(Http.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").asString()).as(r.body()).isEqualTo(field);
        assertThat(r.json().get("detail").asString()).contains(field);
    }
}
