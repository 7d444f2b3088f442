package dev.fleetgateway.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The shared PostgreSQL database as the cluster uses it: plain JDBC on the replica and presence tables, the
 * notification channel, and a dedicated connection for listening. Refuses to start on any other database: only
 * PostgreSQL has LISTEN/NOTIFY, and an H2 file cannot be shared.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class ClusterDatabase {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String channel;

    ClusterDatabase(DataSource dataSource, PlatformTransactionManager txManager) throws SQLException {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(txManager);
        String product;
        String schema;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
            schema = "PostgreSQL".equals(product) ? c.getSchema() : null;
        }
        if (!"PostgreSQL".equals(product)) {
            throw new IllegalStateException("gateway.cluster.enabled=true needs PostgreSQL (LISTEN/NOTIFY and a "
                    + "database all replicas share), but spring.datasource is " + product + ". Run a single replica "
                    + "on " + product + " (gateway.cluster.enabled=false), or use PostgreSQL (profile postgres).");
        }
        // Channels are per database, not per schema: two clusters in two schemas of one database keep apart.
        this.channel = "fleet_cluster_" + hash(schema == null ? "" : schema);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    TransactionTemplate tx() {
        return tx;
    }

    /** The notification channel of this cluster. */
    String channel() {
        return channel;
    }

    /** Sends notifications, in order, with one statement; inside a transaction they go out when it commits. */
    void notify(List<String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select count(pg_notify(?, p)) from unnest(?::text[]) as p")) {
                ps.setString(1, channel);
                ps.setArray(2, c.createArrayOf("text", payloads.toArray()));
                ps.executeQuery().close();
            }
            return null;
        });
    }

    /**
     * A connection of its own for LISTEN, outside the pool: it is held for the replica's life, and a pooled one
     * would go back to the pool still listening.
     */
    Connection openListenerConnection() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource h = dataSource.unwrap(HikariDataSource.class);
            java.util.Properties p = new java.util.Properties();
            p.putAll(h.getDataSourceProperties());
            if (h.getUsername() != null) {
                p.setProperty("user", h.getUsername());
            }
            if (h.getPassword() != null) {
                p.setProperty("password", h.getPassword());
            }
            return DriverManager.getConnection(h.getJdbcUrl(), p);
        }
        return dataSource.getConnection();
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
