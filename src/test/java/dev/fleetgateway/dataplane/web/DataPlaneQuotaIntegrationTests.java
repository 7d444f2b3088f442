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
            plane.post("/api/v1/modules/nobody/send", "{\"data\":\"x\"}");
            plane.post("/api/v1/modules/nobody/send", "{\"data\":\"x\"}");
            Http.Response limited = plane.post("/api/v1/modules/nobody/send", "{\"data\":\"x\"}");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().get("type").asString()).endsWith("/rate-limited");
            // the bucket is the key's, whichever port it calls: the REST port is over quota now too
            Http.Response viaRest = rest.post("/api/v1/modules/nobody/send", "{\"data\":\"x\"}");
            assertThat(viaRest.status()).isEqualTo(429);
            assertThat(limited.json().get("title")).isEqualTo(viaRest.json().get("title"));
            assertThat(limited.json().get("instance")).isEqualTo(viaRest.json().get("instance"));
        }
    }
}
