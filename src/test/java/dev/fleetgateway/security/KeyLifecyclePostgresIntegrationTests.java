package dev.fleetgateway.security;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same key life cycle on PostgreSQL, the database replicas really share: its row locks decide which of two
 * concurrent bootstrap inserts wins. Runs where FLEET_TEST_POSTGRES_URL names a database, in a schema of its own
 * that is dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
@ActiveProfiles("postgres")
@DirtiesContext
class KeyLifecyclePostgresIntegrationTests extends KeyLifecycleIntegrationTests {

    private static final String URL = System.getenv("FLEET_TEST_POSTGRES_URL");
    private static final String SCHEMA = "t_keys_" + UUID.randomUUID().toString().replace("-", "");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.jpa.properties.hibernate.default_schema", () -> SCHEMA);
    }

    /** Drops the schema when the context closes (after the class: it is dirtied), once nothing uses it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DropSchema {

        @Bean
        DisposableBean schemaDropper() {
            return () -> {
                try (Connection c = DriverManager.getConnection(URL, "fleetgateway", "fleetgateway");
                        Statement s = c.createStatement()) {
                    s.execute("drop schema if exists " + SCHEMA + " cascade");
                }
            };
        }
    }
}
