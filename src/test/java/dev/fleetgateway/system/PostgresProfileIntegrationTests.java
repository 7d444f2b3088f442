package dev.fleetgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;

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

            Http.Response health = http.get("/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().at("/components/db/details/database").asString()).isEqualTo("PostgreSQL");

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
        }
        assertThat(appliedMigrations()).isGreaterThanOrEqualTo(1);
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
