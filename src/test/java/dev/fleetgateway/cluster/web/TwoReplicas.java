package dev.fleetgateway.cluster.web;

import java.net.URI;
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
 * Two gateway applications in one JVM, each a cluster member with its own in-memory H2, and a directory that puts
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

    TwoReplicas(URI deadReplica) {
        uris.put("c", deadReplica);
        a = start("a");
        b = start("b");
    }

    private ConfigurableApplicationContext start(String id) {
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(FleetGatewayApplication.class,
                Placement.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("twoReplicas", this))
                .run("--server.port=0", "--gateway.modules.port=0", "--gateway.simulator.demo.enabled=false",
                        "--spring.datasource.url=jdbc:h2:mem:fwd-" + id + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "--gateway.cluster.enabled=true", "--gateway.cluster.replica-id=" + id,
                        "--gateway.cluster.internal-address=127.0.0.1", "--gateway.cluster.internal-port=0",
                        "--gateway.cluster.internal-secret=" + SECRET,
                        // the cluster needs PostgreSQL in production; these contexts each have their own H2
                        "--gateway.cluster.allow-h2=true");
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
