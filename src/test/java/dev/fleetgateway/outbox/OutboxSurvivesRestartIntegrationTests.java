package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/** Queued downlinks live in the database: a gateway restart does not lose them or their order. */
class OutboxSurvivesRestartIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void deliversAfterRestartWhatWasQueuedBefore() throws Exception {
        String url = "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("fleet").toAbsolutePath();
        String first;
        try (ConfigurableApplicationContext before = start(url)) {
            Http http = new Http(httpPort(before));
            assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"restart-1\"}").status()).isEqualTo(201);
            Http.Response queued = http.post("/api/v1/modules/restart-1/send?queue=true", "{\"data\":\"before;\"}");
            assertThat(queued.status()).isEqualTo(202);
            first = queued.json().get("messageId").asString();
            assertThat(http.post("/api/v1/modules/restart-1/send?ttl=1h",
                    "{\"data\":\"0a0b\",\"encoding\":\"hex\"}").status()).isEqualTo(202);
        }
        try (ConfigurableApplicationContext after = start(url)) {
            Http http = new Http(httpPort(after));
            assertThat(http.get("/api/v1/outbox/" + first).json().get("state").asString()).isEqualTo("QUEUED");
            int modulePort = after.getBean(ModuleServer.class).localPort();
            try (ModuleClient module = ModuleClient.hello(modulePort, "restart-1")) {
                byte[] expected = "before;\n\u000b".getBytes(StandardCharsets.UTF_8);
                assertThat(module.recvExactly(expected.length)).isEqualTo(expected);
            }
            Await.until("delivered", () -> http.get("/api/v1/modules/restart-1/outbox?state=DELIVERED").json()
                    .get("totalElements").asInt() == 2);
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return SpringApplication.run(FleetGatewayApplication.class, url, "--server.port=0",
                "--gateway.modules.port=0", "--gateway.modules.bind-address=127.0.0.1");
    }

    private static int httpPort(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }
}
