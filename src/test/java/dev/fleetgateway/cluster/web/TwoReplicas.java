package dev.fleetgateway.cluster.web;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.cluster.ClusterProperties;
import dev.fleetgateway.cluster.InternalPort;
import dev.fleetgateway.cluster.Replica;
import dev.fleetgateway.session.ModuleServer;

/**
 * Two gateway applications in one JVM, cluster members on one PostgreSQL schema of their own (created here,
 * dropped on close; the cluster runs on PostgreSQL only), and a directory that puts
 * module keys and session ids where a test says ({@link #placeModule}, {@link #placeSession}) instead of a
 * presence table. Replica {@code c} stands for a replica that is down: its internal URI has no listener.
 */
final class TwoReplicas implements AutoCloseable {

    static final String SECRET = "cluster-test-secret";

    /** Replica id → internal base URI, for every replica started here (and the dead one). */
    final Map<String, URI> uris = new ConcurrentHashMap<>();
    final Map<String, String> modules = new ConcurrentHashMap<>();
    final Map<String, String> sessions = new ConcurrentHashMap<>();
    /** Whether the directory lists the dead replica {@code c} among the live ones (as a stale lease would). */
    volatile boolean listDead;
    final ConfigurableApplicationContext a;
    final ConfigurableApplicationContext b;

    static final String POSTGRES = System.getenv("FLEET_TEST_POSTGRES_URL");
    private final String schema = "fg_fwd_" + UUID.randomUUID().toString().replace("-", "");

    TwoReplicas(URI deadReplica) {
        uris.put("c", deadReplica);
        sql("create schema " + schema);
        a = start("a");
        b = start("b");
    }

    private ConfigurableApplicationContext start(String id) {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(FleetGatewayApplication.class,
                Placement.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("twoReplicas", this))
                .run("--server.port=0", "--gateway.modules.port=0", "--gateway.simulator.demo.enabled=false",
                        "--spring.profiles.active=postgres",
                        "--spring.datasource.url=" + POSTGRES + (POSTGRES.contains("?") ? "&" : "?")
                                + "currentSchema=" + schema,
                        "--spring.datasource.hikari.maximum-pool-size=5",
                        "--spring.flyway.schemas=" + schema,
                        "--spring.jpa.properties.hibernate.default_schema=" + schema,
                        "--gateway.cluster.enabled=true", "--gateway.cluster.replica-id=" + id,
                        "--gateway.cluster.internal-address=127.0.0.1", "--gateway.cluster.internal-port=0",
                        "--gateway.cluster.internal-secret=" + SECRET);
        uris.put(id, ctx.getBean(InternalPort.class).uri("127.0.0.1"));
        return ctx;
    }

    void placeModule(String key, String replica) {
        modules.put(key, replica);
    }

    void placeSession(String id, String replica) {
        sessions.put(id, replica);
    }

    static int apiPort(ConfigurableApplicationContext ctx) {
        return ((WebServerApplicationContext) ctx).getWebServer().getPort();
    }

    static int internalPort(ConfigurableApplicationContext ctx) {
        return ctx.getBean(InternalPort.class).port();
    }

    static int modulePort(ConfigurableApplicationContext ctx) {
        return ctx.getBean(ModuleServer.class).localPort();
    }

    @Override
    public void close() {
        b.close();
        a.close();
        sql("drop schema if exists " + schema + " cascade");
    }

    private static void sql(String statement) {
        try (Connection c = DriverManager.getConnection(POSTGRES, "fleetgateway", "fleetgateway");
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** Bean source (no annotation, so no component scan ever picks it up): the placing directory. */
    static class Placement {

        @Bean
        @Primary
        ClusterDirectory placingDirectory(TwoReplicas cluster, ClusterProperties props, InternalPort port) {
            return new ClusterDirectory() {
                @Override
                public Replica self() {
                    return new Replica(props.replicaId(), port.uri("127.0.0.1"));
                }

                @Override
                public Optional<Replica> ownerOfSession(String sessionId) {
                    return elsewhere(cluster.sessions.get(sessionId));
                }

                @Override
                public Optional<Replica> ownerOfModule(String moduleKey) {
                    return elsewhere(cluster.modules.get(moduleKey));
                }

                @Override
                public List<Replica> replicas() {
                    return cluster.uris.keySet().stream().filter(id -> cluster.listDead || !id.equals("c")).sorted(
                            (x, y) -> x.equals(props.replicaId()) ? -1 : y.equals(props.replicaId()) ? 1 : x.compareTo(y))
                            .map(id -> new Replica(id, cluster.uris.get(id))).toList();
                }

                private Optional<Replica> elsewhere(String id) {
                    return id == null || id.equals(props.replicaId()) ? Optional.empty()
                            : Optional.of(new Replica(id, cluster.uris.get(id)));
                }
            };
        }
    }
}
