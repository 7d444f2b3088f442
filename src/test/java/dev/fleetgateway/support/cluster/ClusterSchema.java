package dev.fleetgateway.support.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A PostgreSQL schema of one harness's own on the shared test database (other test classes use the same database
 * at the same time): created before the replicas start, so their Flyway runs only migrate it, and dropped with
 * everything in it at the end.
 */
public final class ClusterSchema implements AutoCloseable {

    static final String USER = "fleetgateway";
    static final String PASSWORD = "fleetgateway";

    private final String url;
    private final String name;

    private ClusterSchema(String url, String name) {
        this.url = url;
        this.name = name;
    }

    public static ClusterSchema create(String url) throws SQLException {
        return create(url, "fg_cluster_");
    }

    /** A schema named {@code prefix} and a random suffix, so that a leftover one tells which test left it. */
    public static ClusterSchema create(String url, String prefix) throws SQLException {
        ClusterSchema schema = new ClusterSchema(url, prefix + UUID.randomUUID().toString().replace("-", ""));
        schema.execute("create schema " + schema.name);
        return schema;
    }

    public String name() {
        return name;
    }

    /** The settings that point a replica at this schema with the {@code postgres} profile. */
    public List<String> settings() {
        return List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name,
                "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD,
                "--spring.flyway.schemas=" + name, "--spring.flyway.default-schema=" + name,
                "--spring.jpa.properties.hibernate.default_schema=" + name);
    }

    /** Rows in one table of this schema (e.g. {@code module_presence}). */
    public long count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement st = c.createStatement();
                var rs = st.executeQuery("select count(*) from " + name + "." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("drop schema if exists " + name + " cascade");
    }
}
