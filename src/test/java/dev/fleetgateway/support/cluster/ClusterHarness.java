package dev.fleetgateway.support.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import dev.fleetgateway.support.ModuleClient;

/**
 * A gateway cluster on one machine for integration tests: N replicas (child JVMs from the test classpath) on
 * 127.0.0.11, 127.0.0.12, ..., each with its REST, management, module and internal port on its own address, all
 * on one PostgreSQL schema of their own with {@code gateway.cluster.enabled} and a shared internal secret; and
 * HAProxy on 127.0.0.10 in front of their module ports, where modules dial as they would dial the Kubernetes
 * Service. Everything is bounded in time, stays within 127.0.0.0/8 and ends in {@link #close()} (and in a
 * shutdown hook, should the test JVM end first).
 * <p>
 * Needs {@code haproxy} (.ci/setup.d/40-haproxy.sh) and FLEET_TEST_POSTGRES_URL (.ci/setup.d/10-postgres.sh):
 * {@link #assumeAvailable()} skips the calling test class without them.
 */
public final class ClusterHarness implements AutoCloseable {

    /** The address modules dial: the load balancer. */
    public static final String BALANCER_ADDRESS = "127.0.0.10";

    private static final String POSTGRES = System.getenv("FLEET_TEST_POSTGRES_URL");
    private static final Duration STARTUP = Duration.ofSeconds(300);

    private final ClusterSchema schema;
    private final List<GatewayReplica> replicas;
    private final HaproxyProcess haproxy;
    private final String secret;
    private final Runnable killAll;
    private final Thread reaper;

    private ClusterHarness(ClusterSchema schema, List<GatewayReplica> replicas, HaproxyProcess haproxy, String secret,
            Runnable killAll, Thread reaper) {
        this.schema = schema;
        this.replicas = replicas;
        this.haproxy = haproxy;
        this.secret = secret;
        this.killAll = killAll;
        this.reaper = reaper;
    }

    /** Skips the test (class) unless both haproxy and the test PostgreSQL are there. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(POSTGRES != null && POSTGRES.startsWith("jdbc:postgresql:"),
                "FLEET_TEST_POSTGRES_URL is not set (see .ci/setup.d/10-postgres.sh)");
        Assumptions.assumeTrue(HaproxyProcess.binary().isPresent(),
                "haproxy is not installed (see .ci/setup.d/40-haproxy.sh)");
    }

    /** Starts {@code count} replicas with the harness's settings, waits until all are ready, then HAProxy. */
    public static ClusterHarness start(int count) throws Exception {
        return start(count, Map.of());
    }

    /**
     * Starts {@code count} (1 to 9) replicas with the harness's settings plus {@code settings} (property name to
     * value, e.g. {@code gateway.cluster.lease=3s}), waits until all are ready, then starts HAProxy.
     */
    public static ClusterHarness start(int count, Map<String, String> settings) throws Exception {
        if (count < 1 || count > 9) {
            throw new IllegalArgumentException("1 to 9 replicas (127.0.0.11 to 127.0.0.19), not " + count);
        }
        ClusterSchema schema = ClusterSchema.create(POSTGRES);
        String secret = UUID.randomUUID().toString();
        Path logs = Path.of("target", "cluster-harness", schema.name());
        List<GatewayReplica> replicas = new ArrayList<>();
        List<String> common = commonSettings(schema, secret, settings);
        for (int i = 0; i < count; i++) {
            replicas.add(new GatewayReplica("replica-" + (char) ('a' + i), "127.0.0." + (11 + i), common, logs));
        }
        List<HaproxyProcess> balancer = new ArrayList<>();
        Runnable killAll = () -> {
            replicas.forEach(GatewayReplica::kill);
            balancer.forEach(HaproxyProcess::close);
        };
        // should the test JVM end before close() (e.g. surefire stops it): no process and no schema is left
        Thread reaper = new Thread(() -> {
            killAll.run();
            try {
                schema.close();
            } catch (java.sql.SQLException ignored) {
                // best effort on the way out
            }
        }, "cluster-harness-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            replicas.forEach(GatewayReplica::start);
            awaitReady(replicas, STARTUP);
            balancer.add(HaproxyProcess.start(BALANCER_ADDRESS, replicas, logs));
            return new ClusterHarness(schema, List.copyOf(replicas), balancer.get(0), secret, killAll, reaper);
        } catch (Exception | AssertionError e) {
            killAll.run();
            Runtime.getRuntime().removeShutdownHook(reaper);
            schema.close();
            throw e;
        }
    }

    private static List<String> commonSettings(ClusterSchema schema, String secret, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("gateway.cluster.enabled", "true");
        s.put("gateway.cluster.internal-secret", secret);
        // short enough that the kill -9 tests wait seconds, not the production 10 s
        s.put("gateway.cluster.lease", "4s");
        s.put("gateway.cluster.renew-interval", "1s");
        // every module arrives from HAProxy's one source address: per-source limits would count the balancer
        s.put("gateway.modules.limits.source-sessions", "100000");
        s.put("gateway.modules.limits.source-connect-rate", "0");
        s.put("gateway.modules.limits.connect-rate", "0");
        s.put("gateway.modules.shutdown-grace", "2s");
        s.put("logging.level.root", "WARN");
        s.put("logging.level.dev.fleetgateway", "INFO");
        s.putAll(extra);
        List<String> args = new ArrayList<>(schema.settings());
        s.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }

    private static void awaitReady(List<GatewayReplica> replicas, Duration timeout) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(replicas.size());
        try {
            List<Future<?>> ready = new ArrayList<>();
            for (GatewayReplica r : replicas) {
                ready.add(pool.submit(() -> r.awaitReady(timeout)));
            }
            for (Future<?> f : ready) {
                try {
                    f.get(timeout.toSeconds() + 10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof AssertionError a) {
                        throw a;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    public List<GatewayReplica> replicas() {
        return replicas;
    }

    public GatewayReplica replica(int index) {
        return replicas.get(index);
    }

    /** The replicas whose JVM is running. */
    public List<GatewayReplica> alive() {
        return replicas.stream().filter(GatewayReplica::isAlive).toList();
    }

    /** The shared secret of the internal port, as every replica was given it. */
    public String internalSecret() {
        return secret;
    }

    /** The PostgreSQL schema all replicas share. */
    public String schema() {
        return schema.name();
    }

    public String balancerAddress() {
        return haproxy.address();
    }

    public int balancerPort() {
        return haproxy.port();
    }

    /** A blocking module connected through the load balancer that has said its hello line. */
    public ModuleClient dial(String moduleKey) throws IOException {
        return ModuleClient.to(haproxy.address(), haproxy.port()).sayHello(moduleKey);
    }

    /** SIGTERM to one replica, waiting (bounded) until its graceful shutdown has ended. */
    public void terminate(int index) {
        replicas.get(index).terminate(Duration.ofSeconds(60));
    }

    /** kill -9 of one replica. */
    public void kill(int index) {
        replicas.get(index).kill();
    }

    /** Starts a stopped replica again on the same address and module port, and waits until it is ready. */
    public void restart(int index) {
        GatewayReplica r = replicas.get(index);
        r.start();
        r.awaitReady(STARTUP);
    }

    /** Kills every process (replicas with SIGKILL: nothing to wait for) and drops the schema. */
    @Override
    public void close() throws Exception {
        try {
            killAll.run();
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already running its shutdown hooks, the reaper among them
        } finally {
            schema.close();
        }
    }
}
