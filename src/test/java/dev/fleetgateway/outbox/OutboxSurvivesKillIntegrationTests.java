package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;

import tools.jackson.databind.JsonNode;

/**
 * A {@code 202 Accepted} means the message is on disk: the gateway runs in a child JVM on an H2 file, is
 * killed with SIGKILL right after the last 202, and a restart on the same file finds every message queued.
 */
class OutboxSurvivesKillIntegrationTests {

    private static final int MESSAGES = 200;

    @TempDir
    Path dir;

    @Test
    void everyAcceptedMessageSurvivesKillNine() throws Exception {
        // The product's default URL form (H2 file store), without any durability option of its own.
        String url = "jdbc:h2:file:" + dir.resolve("fleet").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        int httpPort = freePort();
        Set<String> accepted = new HashSet<>();
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), FleetGatewayApplication.class.getName(),
                "--server.port=" + httpPort, "--spring.datasource.url=" + url,
                "--gateway.modules.port=0", "--gateway.modules.bind-address=127.0.0.1",
                "--gateway.outbox.per-module=" + (MESSAGES + 10), "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Http http = new Http(httpPort);
            awaitReady(http, child, dir.resolve("child.log"));
            assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"killed-1\"}").status()).isEqualTo(201);
            for (int i = 0; i < MESSAGES; i++) {
                Http.Response r = http.post("/api/v1/modules/killed-1/send?queue=true", "{\"data\":\"m" + i + "\"}");
                assertThat(r.status()).isEqualTo(202);
                accepted.add(r.json().get("messageId").asString());
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(accepted).hasSize(MESSAGES);

        try (ConfigurableApplicationContext after = SpringApplication.run(FleetGatewayApplication.class,
                "--spring.datasource.url=" + url, "--server.port=0", "--gateway.modules.port=0",
                "--gateway.modules.bind-address=127.0.0.1")) {
            Http http = new Http(((WebServerApplicationContext) after).getWebServer().getPort());
            JsonNode page = http.get("/api/v1/modules/killed-1/outbox?state=QUEUED&size=500").json();
            Set<String> survived = new HashSet<>();
            for (JsonNode m : page.get("content")) {
                survived.add(m.get("messageId").asString());
            }
            assertThat(survived).as("messages answered 202 that survived kill -9").hasSize(MESSAGES)
                    .containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    private static void awaitReady(Http http, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                String out = java.nio.file.Files.readString(log);
                throw new AssertionError("child gateway exited: " + out.substring(Math.max(0, out.length() - 4000)));
            }
            try {
                if (http.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child gateway not ready within 120 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
