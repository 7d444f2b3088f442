package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ReadyPorts;

import tools.jackson.databind.JsonNode;

/**
 * A {@code 202 Accepted} means the message is on disk: the gateway runs in a child JVM, is killed with SIGKILL
 * right after the last 202, and a restart on the same database finds every message queued. On an H2 file
 * always; on PostgreSQL where FLEET_TEST_POSTGRES_URL names a database (as for PostgresProfileIntegrationTests).
 */
class OutboxSurvivesKillIntegrationTests {

    private static final int MESSAGES = 200;
    private static final String POSTGRES = System.getenv("FLEET_TEST_POSTGRES_URL");

    @TempDir
    Path dir;

    @Test
    void everyAcceptedMessageSurvivesKillNineOnH2() throws Exception {
        // The URL form the Helm chart uses (an H2 file), without any durability option of its own.
        String url = "jdbc:h2:file:" + dir.resolve("fleet").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        everyAcceptedMessageSurvivesKillNine(List.of("--spring.datasource.url=" + url));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
    void everyAcceptedMessageSurvivesKillNineOnPostgresql() throws Exception {
        String schema = "fg_kill_" + UUID.randomUUID().toString().replace("-", "");
        try {
            everyAcceptedMessageSurvivesKillNine(List.of("--spring.profiles.active=postgres",
                    "--spring.datasource.url=" + POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema="
                            + schema,
                    "--spring.flyway.schemas=" + schema, "--spring.jpa.properties.hibernate.default_schema=" + schema));
        } finally {
            try (Connection c = DriverManager.getConnection(POSTGRES, "fleetgateway", "fleetgateway");
                    Statement st = c.createStatement()) {
                st.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    private void everyAcceptedMessageSurvivesKillNine(List<String> database) throws Exception {
        Set<String> accepted = new HashSet<>();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), FleetGatewayApplication.class.getName(),
                // port 0 everywhere: a port picked here and bound by the child later may be taken meanwhile (an
                // ephemeral source port of any connection on the machine); the child's ready line names its ports
                "--server.port=0", "--management.server.port=0",
                ReadyPorts.LOG_SETTING,
                "--gateway.modules.port=0", "--gateway.modules.bind-address=127.0.0.1",
                "--gateway.outbox.per-module=" + (MESSAGES + 10), "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        command.addAll(database);
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            ReadyPorts ports = ReadyPorts.await(child, dir.resolve("child.log"), 0, Duration.ofSeconds(120));
            Http http = new Http(ports.rest());
            awaitReady(new Http(ports.management()), child, dir.resolve("child.log"));
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

        List<String> restart = new ArrayList<>(List.of("--server.port=0", "--gateway.modules.port=0",
                "--gateway.modules.bind-address=127.0.0.1"));
        restart.addAll(database);
        try (ConfigurableApplicationContext after = SpringApplication.run(FleetGatewayApplication.class,
                restart.toArray(String[]::new))) {
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
}
