package dev.fleetgateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;

/** The data-plane port takes each call from the caller's quota, the same buckets the REST port uses. */
class DataPlaneQuotaIntegrationTests {

    @Test
    void answersOverQuotaWithRestsTooManyRequestsProblem() {
        try (ConfigurableApplicationContext app = SpringApplication.run(FleetGatewayApplication.class,
                "--server.port=0", "--gateway.data-plane.enabled=true", "--gateway.data-plane.port=0",
                "--gateway.data-plane.bind-address=127.0.0.1",
                "--gateway.security.rate-limit.requests-per-second=1", "--gateway.security.rate-limit.burst=2")) {
            Http plane = new Http(app.getBean(DataPlaneServer.class).localPort());
            Http rest = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
            // a burst of 2, refilled at 1/s: a quick run of calls soon finds the bucket empty (bounded: 50 calls)
            Http.Response limited = null;
            for (int i = 0; i < 50 && (limited == null || limited.status() != 429); i++) {
                limited = plane.post("/api/v1/sessions/nobody/send", "{\"data\":\"x\"}");
            }
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.json().get("type").asString()).endsWith("/rate-limited");
            // the REST port's answer for the same call over quota: the same problem
            Http.Response viaRest = null;
            for (int i = 0; i < 50 && (viaRest == null || viaRest.status() != 429); i++) {
                viaRest = rest.post("/api/v1/sessions/nobody/send", "{\"data\":\"x\"}");
            }
            assertThat(viaRest.status()).isEqualTo(429);
            assertThat(limited.json().get("title")).isEqualTo(viaRest.json().get("title"));
            assertThat(limited.json().get("instance")).isEqualTo(viaRest.json().get("instance"));
            assertThat(limited.json().get("detail").asString()).startsWith("The key 'bootstrap")
                    .contains("1 requests/s, bursts of 2");
        }
    }
}
