package dev.fleetgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * The {@code postgres} profile starts against a real PostgreSQL, Flyway migrates it and the registry works.
 * Runs where FLEET_TEST_POSTGRES_URL names a database (CI's .ci/setup.d/10-postgres.sh provides one);
 * credentials are the profile's (fleetgateway/fleetgateway). Each run gets a fresh schema, dropped after.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresProfileIntegrationTests {

    private static final String URL = System.getenv("FLEET_TEST_POSTGRES_URL");
    private static final String USER = "fleetgateway";
    private static final String PASSWORD = "fleetgateway";

    private final String schema = "fg_test_" + UUID.randomUUID().toString().replace("-", "");

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }

    @Test
    void startsOnPostgresqlMigratesAndKeepsModules() throws SQLException {
        try (ConfigurableApplicationContext app = SpringApplication.run(FleetGatewayApplication.class,
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.flyway.schemas=" + schema,
                "--spring.jpa.properties.hibernate.default_schema=" + schema,
                "--server.port=0", "--gateway.modules.port=0")) {
            Http http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());

            Http management = new Http(app.getEnvironment().getRequiredProperty("local.management.port", Integer.class));
            assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
            // The database product is a health detail, not for anonymous callers: asked in process.
            assertThat(app.getBean(HealthEndpoint.class).healthForPath("db")).isInstanceOfSatisfying(
                    IndicatedHealthDescriptor.class,
                    db -> assertThat(db.getDetails().get("database")).isEqualTo("PostgreSQL"));

            Http.Response created = http.post("/api/v1/modules",
                    "{\"moduleKey\":\"866327040123456\",\"name\":\"Pump 7\",\"labels\":{\"site\":\"berlin\"}}");
            assertThat(created.status()).isEqualTo(201);

            Http.Response read = http.get("/api/v1/modules/866327040123456");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("name").asString()).isEqualTo("Pump 7");
            assertThat(read.json().get("labels").get("site").asString()).isEqualTo("berlin");

            Http.Response byLabel = http.get("/api/v1/modules?label=site:berlin");
            assertThat(byLabel.json().get("content").size()).isEqualTo(1);

            Http.Response duplicate = http.post("/api/v1/modules", "{\"moduleKey\":\"866327040123456\"}");
            assertThat(duplicate.status()).as("unique key enforced by PostgreSQL").isEqualTo(409);

            registersModulesThatSayHelloInBatches(http, app.getBean(ModuleServer.class).localPort());
        }
        assertThat(appliedMigrations()).isGreaterThanOrEqualTo(1);
    }

    /** More modules than one registry batch, plus one already registered: batched writes on PostgreSQL. */
    private static void registersModulesThatSayHelloInBatches(Http http, int modulePort) {
        int n = 600;
        List<ModuleClient> clients = new ArrayList<>();
        try {
            clients.add(ModuleClient.hello(modulePort, "866327040123456"));
            for (int i = 0; i < n; i++) {
                clients.add(ModuleClient.hello(modulePort, "pg-" + i));
            }
            Await.until(n + 1 + " modules registered", Duration.ofSeconds(60),
                    () -> http.get("/api/v1/modules?size=1").json().get("totalElements").asInt() == n + 1);
            assertThat(http.get("/api/v1/modules/pg-599").json().get("kind").asString()).isEqualTo("REAL");
            Await.until("last-seen of the module registered by hand", () -> !http.get("/api/v1/modules/866327040123456")
                    .json().get("lastSeenAt").isNull());
            assertThat(http.get("/api/v1/modules/866327040123456").json().get("name").asString()).isEqualTo("Pump 7");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            clients.forEach(c -> {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a test socket
                }
            });
        }
    }

    private int appliedMigrations() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "select count(*) from " + schema + ".flyway_schema_history where success and version is not null")) {
            r.next();
            return r.getInt(1);
        }
    }
}
