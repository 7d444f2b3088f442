package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.RecordedStatements;

/**
 * Sends and verbs addressed by module key answer 404 (unknown) and 409 (registered, offline) from the in-memory
 * key table: no statement touches the registry for them, and the table follows REST registrations and deletes,
 * registrations at hello, and rows other replicas write (a reload).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties =
        "spring.jpa.properties.hibernate.session_factory.statement_inspector=dev.fleetgateway.support.RecordedStatements")
class ModuleKeyIndexIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    KnownModules known;

    @Autowired
    JdbcTemplate jdbc;

    Http http() {
        return new Http(httpPort);
    }

    @BeforeEach
    void clear() {
        RecordedStatements.clear();
    }

    int send(String key, String query) {
        return http().post("/api/v1/modules/" + key + "/send" + query, "{\"data\":\"hi\"}").status();
    }

    @Test
    void unknownKeyIsNotFoundWithoutReadingTheRegistry() {
        RecordedStatements.clear();

        assertThat(send("nobody-1", "")).isEqualTo(404);
        assertThat(send("nobody-1", "?queue=true")).isEqualTo(404);
        assertThat(http().get("/api/v1/modules/nobody-1/recv?timeout=0").status()).isEqualTo(404);

        assertThat(RecordedStatements.touching("fleet_module")).isEmpty();
    }

    @Test
    void registeredOfflineKeyIsConflictWithoutReadingTheRegistry() {
        assertThat(http().post("/api/v1/modules", "{\"moduleKey\":\"asleep-1\"}").status()).isEqualTo(201);
        RecordedStatements.clear();

        assertThat(send("asleep-1", "")).isEqualTo(409);
        assertThat(http().get("/api/v1/modules/asleep-1/recv?timeout=0").status()).isEqualTo(409);

        assertThat(RecordedStatements.touching("fleet_module")).isEmpty();
        assertThat(send("asleep-1", "?queue=true")).isEqualTo(202);
    }

    @Test
    void deletedModuleIsNotFoundAgain() {
        assertThat(http().post("/api/v1/modules", "{\"moduleKey\":\"gone-1\"}").status()).isEqualTo(201);
        assertThat(http().delete("/api/v1/modules/gone-1").status()).isEqualTo(204);

        assertThat(send("gone-1", "")).isEqualTo(404);
    }

    @Test
    void moduleRegisteredAtItsFirstHelloIsOfflineNotUnknownOnceItLeaves() throws IOException {
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "hello-1")) {
            Await.until("session", () -> sessions.findByModuleKey("hello-1").isPresent());
            Await.until("registered at hello", () -> known.isKnown("hello-1"));
        }
        Await.until("session closed", () -> sessions.findByModuleKey("hello-1").isEmpty());

        assertThat(send("hello-1", "")).isEqualTo(409);
    }

    @Test
    void reloadPicksUpAModuleAnotherReplicaRegistered() {
        jdbc.update("insert into fleet_module (id, module_key, kind, created_at, version) values (?, ?, ?, ?, 0)",
                UUID.randomUUID(), "elsewhere-1", "REAL", java.sql.Timestamp.from(Instant.now()));
        assertThat(send("elsewhere-1", "")).isEqualTo(404);

        known.refresh();
        Await.until("reloaded", () -> known.isKnown("elsewhere-1"));

        assertThat(send("elsewhere-1", "")).isEqualTo(409);
    }
}
