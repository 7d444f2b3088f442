package dev.fleetgateway.bench.proc;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;

import tools.jackson.databind.JsonNode;

/**
 * The gateway under test: a separate process running the Spring Boot jar (the benchmark), or, for the smoke
 * test only, an application context inside the test JVM (the jar is built after the test phase, and a cold
 * JVM start per scenario would cost the smoke test more than all its scenarios together).
 * The jar runs with the product's default store, an H2 file database (in a fresh temporary directory per
 * start, deleted when it stops), so heap figures hold what a real deployment holds; the in-process smoke
 * gateway uses an in-memory H2. Line framing like the baseline.
 */
public final class GatewayProcess implements ServerUnderTest {

    private static final String LOCAL = "127.0.0.1";

    private final String host;
    private final long pid;
    private final Runnable stop;
    private final int httpPort;
    private final int managementPort;
    private final int modulePort;
    private final int dataPlanePort;
    private final long startupMillis;
    private final Map<String, String> sessionIds = new ConcurrentHashMap<>();
    private volatile boolean offlineRegistered;

    private GatewayProcess(String host, long pid, Runnable stop, int httpPort, int managementPort, int modulePort,
            int dataPlanePort, long startupMillis) {
        this.dataPlanePort = dataPlanePort;
        this.host = host;
        this.pid = pid;
        this.stop = stop;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.modulePort = modulePort;
        this.startupMillis = startupMillis;
    }

    /** Starts the gateway jar in its own JVM and waits until readiness is UP. */
    public static GatewayProcess start(Path jar, String heap, Map<String, String> settings, Path logDir, String name)
            throws IOException, InterruptedException {
        return start(jar, List.of(), heap, settings, logDir, name);
    }

    /**
     * The same with extra JVM flags after heap and GC, e.g. the class-data cache of a training run
     * ({@link StartupCache}) for the extracted jar it was made from.
     */
    public static GatewayProcess start(Path jar, List<String> jvmFlags, String heap, Map<String, String> settings,
            Path logDir, String name) throws IOException, InterruptedException {
        int http = Ports.free();
        int management = Ports.free();
        int modules = Ports.free();
        int dataPlane = Ports.free();
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        jvm.addAll(jvmFlags);
        // For finding a bottleneck, e.g. BENCH_GATEWAY_JVM_ARGS="-XX:StartFlightRecording=settings=profile,...".
        String extra = System.getenv("BENCH_GATEWAY_JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        List<String> cmd = new ArrayList<>(List.of("-jar", jar.toString()));
        Path db = Files.createTempDirectory("fleet-bench-db");
        cmd.addAll(arguments(LOCAL, http, management, modules, dataPlane, "jdbc:h2:file:" + db.resolve("fleet") + ";DB_CLOSE_ON_EXIT=FALSE", settings));
        // For experiments on a bottleneck, e.g. BENCH_GATEWAY_ARGS="--gateway.database-writer.queue=1".
        String extraArgs = System.getenv("BENCH_GATEWAY_ARGS");
        if (extraArgs != null && !extraArgs.isBlank()) {
            cmd.addAll(List.of(extraArgs.trim().split("\\s+")));
        }
        JavaProcess p = JavaProcess.start(name, jvm, cmd, logDir, true);
        Runnable stop = () -> {
            p.terminate();
            deleteTree(db);
        };
        long ms = awaitReady(LOCAL, management, p::isAlive, p.startedNanos(), logDir.resolve(name + ".log").toString());
        if (ms < 0) {
            stop.run();
            throw new IOException("gateway not ready within 600 s");
        }
        return new GatewayProcess(LOCAL, p.pid(), stop, http, management, modules, dataPlane, ms);
    }

    /**
     * Starts one cluster replica in its own JVM with every port on {@code host} (e.g. 127.0.0.11) and waits
     * until readiness is UP. {@code jar} null runs the gateway from this JVM's classpath (the smoke test: the jar
     * is built after the tests). {@code store} points it at its database (the cluster's PostgreSQL schema);
     * {@code settings} come last (the cluster's).
     */
    public static GatewayProcess startReplica(Path jar, String heap, String host, List<String> store,
            Map<String, String> settings, Path logDir, String name) throws IOException, InterruptedException {
        int http = Ports.free(host);
        int management = Ports.free(host);
        int modules = Ports.free(host);
        int dataPlane = Ports.free(host);
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap, "-XX:+UseG1GC"));
        List<String> cmd = new ArrayList<>();
        if (jar == null) {
            // The smoke scale measures nothing: C1 only starts sooner on a machine shared with the build.
            jvm.add("-XX:TieredStopAtLevel=1");
            cmd.addAll(List.of("-cp", JavaProcess.classpath(), FleetGatewayApplication.class.getName()));
        } else {
            cmd.addAll(List.of("-jar", jar.toString()));
        }
        cmd.addAll(arguments(host, http, management, modules, dataPlane, null, settings));
        cmd.addAll(store);
        String extraArgs = System.getenv("BENCH_GATEWAY_ARGS");
        if (extraArgs != null && !extraArgs.isBlank()) {
            cmd.addAll(List.of(extraArgs.trim().split("\\s+")));
        }
        JavaProcess p = JavaProcess.start(name, jvm, cmd, logDir, true);
        long ms = awaitReady(host, management, p::isAlive, p.startedNanos(), logDir.resolve(name + ".log").toString());
        if (ms < 0) {
            p.terminate();
            throw new IOException(name + " not ready within 600 s");
        }
        return new GatewayProcess(host, p.pid(), p::terminate, http, management, modules, dataPlane, ms);
    }

    /** Starts the gateway inside this JVM (smoke test) and waits until readiness is UP. */
    public static GatewayProcess startInProcess(Map<String, String> settings) throws IOException, InterruptedException {
        int http = Ports.free();
        int management = Ports.free();
        int modules = Ports.free();
        int dataPlane = Ports.free();
        long t0 = System.nanoTime();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(FleetGatewayApplication.class)
                .run(arguments(LOCAL, http, management, modules, dataPlane, "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1", settings)
                        .toArray(String[]::new));
        long ms = awaitReady(LOCAL, management, app::isActive, t0, "the test log");
        return new GatewayProcess(LOCAL, ProcessHandle.current().pid(), app::close, http, management, modules, dataPlane, ms);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    // jdbcUrl null: the caller gives the store settings.
    private static List<String> arguments(String host, int http, int management, int modules, int dataPlane,
            String jdbcUrl, Map<String, String> settings) {
        List<String> cmd = new ArrayList<>();
        // The data-plane port (Netty HTTP for send and recv), measured beside the REST port in scenario 4.
        cmd.add("--gateway.data-plane.enabled=true");
        cmd.add("--gateway.data-plane.port=" + dataPlane);
        cmd.add("--gateway.data-plane.bind-address=" + host);
        cmd.add("--server.port=" + http);
        cmd.add("--management.server.port=" + management);
        cmd.add("--gateway.modules.port=" + modules);
        cmd.add("--gateway.modules.bind-address=" + host);
        if (!host.equals(LOCAL)) {
            cmd.add("--server.address=" + host);
            cmd.add("--management.server.address=" + host);
        }
        if (jdbcUrl != null) {
            cmd.add("--spring.datasource.url=" + jdbcUrl);
        }
        cmd.add("--gateway.modules.framing.mode=DELIMITER");
        cmd.add("--gateway.modules.framing.delimiter=\\n");
        cmd.add("--gateway.modules.shutdown-grace=1s");
        // Every benchmark module dials from 127.0.0.1: the per-source limits would measure themselves, not the
        // gateway. The bench process serves little HTTP, so a smaller descriptor reserve leaves room for the
        // 19,000-module storm under a 20,000-file limit.
        cmd.add("--gateway.modules.limits.source-sessions=1000000");
        cmd.add("--gateway.modules.limits.source-connect-rate=0");
        cmd.add("--gateway.modules.limits.connect-rate=0");
        cmd.add("--gateway.modules.limits.open-file-reserve=500");
        cmd.add("--spring.main.banner-mode=off");
        // Held modules send nothing; on a loaded machine the 19,000-module storm and hold outlast the default
        // 5 min read-idle, which then closed the first modules before the hold was measured (2026-11-29). The
        // idle handler stays in every pipeline, so the heap per session still includes it.
        cmd.add("--gateway.modules.read-idle=30m");
        // The harness calls REST with the test admin key; the quota is far above any scenario's load.
        cmd.add("--gateway.security.bootstrap-key=" + Http.KEY);
        cmd.add("--gateway.security.rate-limit.requests-per-second=10000000");
        cmd.add("--gateway.security.rate-limit.burst=10000000");
        // Per-connection INFO lines would make the console the bottleneck of a 19,000-module storm.
        cmd.add("--logging.level.dev.fleetgateway=WARN");
        settings.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        return cmd;
    }

    // Milliseconds from `startedNanos` until readiness answers UP, or -1 after 600 s.
    private static long awaitReady(String host, int management, BooleanSupplier alive, long startedNanos, String log)
            throws IOException, InterruptedException {
        String ready = "http://" + host + ":" + management + "/actuator/health/readiness";
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IOException("gateway exited during startup; see " + log);
            }
            try {
                HttpResponse<String> res = Http.get(ready);
                if (res.statusCode() == 200 && res.body().contains("\"UP\"")) {
                    return (System.nanoTime() - startedNanos) / 1_000_000;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /** The same gateway, but closing this view leaves it running (servers shared by the smoke scenarios). */
    public GatewayProcess shared() {
        return new GatewayProcess(host, pid, () -> { }, httpPort, managementPort, modulePort, dataPlanePort, startupMillis);
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int modulePort() {
        return modulePort;
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public long startupMillis() {
        return startupMillis;
    }

    public String api() {
        return "http://" + host + ":" + httpPort + "/api/v1";
    }

    @Override
    public long identified() throws Exception {
        // Polled every 100 ms during the storm: ask for this one meter (the endpoint's includedNames), so the
        // poll does not render, and walk the session table for, every gauge of the process ten times a second
        // (issue 18); the whole scrape when the filter finds nothing (another naming of the family).
        String only = scrape("?includedNames=fleet_sessions_identification_total,fleet_sessions_identification");
        if (!only.contains("fleet_sessions_identification_total")) {
            only = scrape();
        }
        return (long) Prometheus.sum(only, "fleet_sessions_identification_total", "outcome=\"identified\"");
    }

    @Override
    public long openSessions() throws Exception {
        return (long) Prometheus.sum(scrape(), "fleet_sessions", "state=\"open\"");
    }

    @Override
    public long framesIn() throws Exception {
        return (long) Prometheus.sum(scrape(), "fleet_traffic_frames_total", "direction=\"in\"",
                "plane=\"gateway\"");
    }

    /** Background database writes dropped: registry sightings (any reason) and session-history rows. */
    public long dbWritesDropped() throws Exception {
        String text = scrape();
        return (long) (Prometheus.sum(text, "fleet_db_writer_dropped_total")
                + Prometheus.sum(text, "fleet_registry_writes_dropped_total"));
    }

    /** Frames dropped from full receive buffers (DROP_OLDEST). */
    public long framesDropped() throws Exception {
        return (long) Prometheus.sum(scrape(), "fleet_buffer_dropped_frames_total");
    }

    private String scrape() throws IOException, InterruptedException {
        return scrape("");
    }

    private String scrape(String query) throws IOException, InterruptedException {
        return Http.get("http://" + host + ":" + managementPort + "/actuator/prometheus" + query).body();
    }

    /** The open session of a module, looked up once through {@code GET /sessions?moduleKey=}. */
    public String sessionId(String moduleKey) throws IOException, InterruptedException {
        String id = sessionIds.get(moduleKey);
        if (id == null) {
            JsonNode page = Http.getJson(api() + "/sessions?state=OPEN&moduleKey=" + moduleKey);
            JsonNode first = page.path("content").path(0);
            if (first.isMissingNode()) {
                throw new IOException("no open session for module " + moduleKey);
            }
            id = first.path("id").asString();
            sessionIds.put(moduleKey, id);
        }
        return id;
    }

    // The liveness probe on the management port: the actuator has its own connector, with the same Tomcat and
    // Spring MVC stack (and thread settings) as the REST port, and nothing on the REST port is as cheap.
    @Override
    public String cheapGetUrl() {
        return "http://" + host + ":" + managementPort + "/actuator/health/liveness";
    }

    @Override
    public String sendUrl(String moduleKey) throws Exception {
        return api() + "/sessions/" + sessionId(moduleKey) + "/send";
    }

    @Override
    public String sendByKeyUrl(String moduleKey) {
        return api() + "/modules/" + moduleKey + "/send";
    }

    @Override
    public String noDataRecvUrl(String moduleKey) throws Exception {
        return api() + "/sessions/" + sessionId(moduleKey) + "/recv?timeout=0";
    }

    @Override
    public String unknownSendUrl() {
        return api() + "/modules/no-such-module/send";
    }

    /** Registers a module that never connects (once per process). */
    @Override
    public String offlineSendUrl() throws Exception {
        String key = "bench-offline";
        if (!offlineRegistered) {
            HttpResponse<String> res = Http.post(api() + "/modules", "application/json",
                    "{\"moduleKey\":\"" + key + "\"}");
            if (res.statusCode() != 201 && res.statusCode() != 409) {
                throw new IOException("POST /modules -> " + res.statusCode() + " " + res.body());
            }
            offlineRegistered = true;
        }
        return api() + "/modules/" + key + "/send";
    }

    @Override
    public String cheapRestGetUrl(String moduleKey) throws Exception {
        return api() + "/sessions/" + sessionId(moduleKey);
    }

    /** The data-plane port's base URL of the API. */
    public String dataPlaneApi() {
        return "http://" + host + ":" + dataPlanePort + "/api/v1";
    }

    @Override
    public String dataPlaneSendByKeyUrl(String moduleKey) {
        return dataPlaneApi() + "/modules/" + moduleKey + "/send";
    }

    @Override
    public String dataPlaneSendUrl(String moduleKey) throws Exception {
        return dataPlaneApi() + "/sessions/" + sessionId(moduleKey) + "/send";
    }

    @Override
    public String dataPlaneNoDataRecvUrl(String moduleKey) throws Exception {
        return dataPlaneApi() + "/sessions/" + sessionId(moduleKey) + "/recv?timeout=0";
    }

    @Override
    public String sendBody(String text) {
        return "{\"data\":\"" + text.replace("\n", "\\n") + "\",\"encoding\":\"text\"}";
    }

    @Override
    public String sendContentType() {
        return "application/json";
    }

    @Override
    public void close() {
        stop.run();
    }
}
