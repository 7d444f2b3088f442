package dev.fleetgateway.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;

/** The default store is H2 in file mode: modules registered before a restart are there after it. */
class RegistrySurvivesRestartIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void keepsModulesAcrossRestart() {
        String url = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("fleet").toAbsolutePath();
        try (ConfigurableApplicationContext first = start(url)) {
            Http http = new Http(port(first));
            assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"survivor-1\",\"labels\":{\"a\":\"b\"}}").status())
                    .isEqualTo(201);
        }
        try (ConfigurableApplicationContext second = start(url)) {
            Http.Response r = new Http(port(second)).get("/api/v1/modules/survivor-1");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("labels").get("a").asString()).isEqualTo("b");
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return SpringApplication.run(FleetGatewayApplication.class, url, "--server.port=0",
                "--gateway.modules.port=0");
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }
}
