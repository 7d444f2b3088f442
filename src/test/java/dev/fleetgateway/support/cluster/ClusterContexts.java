package dev.fleetgateway.support.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.SessionRegistry;

/**
 * Gateway replicas as Spring contexts in the test JVM (every port 0), cluster members on one PostgreSQL schema of
 * their own ({@link ClusterSchema}): started with the settings the in-JVM cluster tests share (a short lease, so
 * lapses and purges take seconds), closed in reverse order with the schema dropped by {@link #close()}. Where
 * FLEET_TEST_POSTGRES_URL names a database ({@link #POSTGRES}); the test classes skip without it.
 */
public final class ClusterContexts implements AutoCloseable {

    public static final String POSTGRES = System.getenv("FLEET_TEST_POSTGRES_URL");

    private final ClusterSchema schema;
    private final List<ConfigurableApplicationContext> started = new CopyOnWriteArrayList<>();

    private ClusterContexts(ClusterSchema schema) {
        this.schema = schema;
    }

    /** Creates a schema named {@code prefix} and a random suffix; no replica runs yet. */
    public static ClusterContexts create(String prefix) throws SQLException {
        return new ClusterContexts(ClusterSchema.create(POSTGRES, prefix));
    }

    public String schema() {
        return schema.name();
    }

    /**
     * Starts a replica on this schema; a setting in {@code extra} ({@code --name=value}) replaces the shared one of
     * that name (the same setting given twice would bind as a list).
     */
    public ConfigurableApplicationContext start(String replicaId, String... extra) {
        List<String> shared = new ArrayList<>(schema.settings());
        shared.addAll(List.of("--spring.datasource.hikari.maximum-pool-size=5",
                "--server.port=0", "--gateway.modules.port=0", "--gateway.simulator.demo.enabled=false",
                "--gateway.cluster.enabled=true", "--gateway.cluster.replica-id=" + replicaId,
                "--gateway.cluster.internal-address=127.0.0.1", "--gateway.cluster.internal-port=0",
                "--gateway.cluster.internal-secret=test-secret",
                "--gateway.cluster.lease=2s", "--gateway.cluster.renew-interval=500ms"));
        String[] args = Stream.concat(
                shared.stream().filter(arg -> Arrays.stream(extra).noneMatch(e -> e.startsWith(name(arg)))),
                Stream.of(extra)).toArray(String[]::new);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(FleetGatewayApplication.class).run(args);
        started.add(ctx);
        return ctx;
    }

    private static String name(String arg) {
        return arg.substring(0, arg.indexOf('=') + 1);
    }

    /** A connection whose search path is this schema (the caller closes it). */
    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(POSTGRES, ClusterSchema.USER, ClusterSchema.PASSWORD);
        try (Statement s = c.createStatement()) {
            s.execute("set search_path to " + schema.name());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The first column of the first row a query in this schema answers, null without a row. */
    public String first(String query) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    /** The number a {@code select count(*)} in this schema answers. */
    public long count(String query) {
        return Long.parseLong(first(query));
    }

    /** Runs one statement in this schema. */
    public void execute(String statement) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** The replica whose presence row holds the module key, null without a row. */
    public String replicaOfRow(String moduleKey) {
        return first("select replica_id from module_presence where module_key = '" + moduleKey + "'");
    }

    public static ClusterDirectory directory(ConfigurableApplicationContext c) {
        return c.getBean(ClusterDirectory.class);
    }

    public static SessionRegistry registry(ConfigurableApplicationContext c) {
        return c.getBean(SessionRegistry.class);
    }

    public static int modulePort(ConfigurableApplicationContext c) {
        return c.getBean(ModuleServer.class).localPort();
    }

    public static int httpPort(ConfigurableApplicationContext c) {
        return ((WebServerApplicationContext) c).getWebServer().getPort();
    }

    /** Closes every replica started here that is still running, the last started first, then drops the schema. */
    @Override
    public void close() throws SQLException {
        try {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close(); // a context closed already (a test's own stop) ignores it
            }
        } finally {
            schema.close();
        }
    }
}
