package dev.fleetgateway.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.PresetPorts;
import dev.fleetgateway.support.ReadyPorts;
import dev.fleetgateway.support.Scrape;

/**
 * One gateway replica of the harness: a child JVM from the test classpath, with every port (REST, management,
 * module, internal) on its own loopback address. The module port stays the same across restarts, so the load
 * balancer's server list and the replica id stay valid, as a pod's name and Service do on Kubernetes; so it is
 * picked beforehand ({@link PresetPorts}: outside the ephemeral range, picked again when the first start's bind
 * fails). The REST, management and internal ports are bound as port 0 on every start and read from the log (a
 * port picked beforehand can be taken by an ephemeral source port before the child binds it).
 */
public final class GatewayReplica {

    /** Picks of the module port on the first start, should each be taken before the child binds it. */
    private static final int ATTEMPTS = 5;
    private static final Pattern INTERNAL_PORT = Pattern.compile("Internal port \\(.*\\) listening on (\\d+)");

    private final String id;
    private final String address;
    private final List<String> settings;
    private final Path log;
    private volatile int modulePort;
    // Until a start's ready line names new ones, the last run's: a call meanwhile is refused, as it was before.
    private volatile int httpPort = -1;
    private volatile int managementPort = -1;
    private volatile int internalPort = -1;
    private volatile Process process;
    /** Where this run's output begins in the log (runs append to one file). */
    private volatile long logStart;
    private volatile boolean everReady;

    GatewayReplica(String id, String address, List<String> settings, Path logDir) {
        this.id = id;
        this.address = address;
        this.modulePort = PresetPorts.pick(address);
        this.settings = List.copyOf(settings);
        this.log = logDir.resolve(id + ".log");
    }

    /** The replica id ({@code gateway.cluster.replica-id}), like a pod name. */
    public String id() {
        return id;
    }

    /** The loopback address every port of this replica listens on. */
    public String address() {
        return address;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public int modulePort() {
        return modulePort;
    }

    public int internalPort() {
        return internalPort;
    }

    /** A REST client of this replica (test admin key). */
    public Http api() {
        return new Http(address, httpPort, Http.TEST_KEY);
    }

    /** A client of this replica's management port (probes, Prometheus). */
    public Http management() {
        return new Http(address, managementPort, null);
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the JVM (appending to its log); {@link #awaitReady} waits for it. */
    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(id + " is already running");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small and quick to start: three of them share the machine with the tests
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), FleetGatewayApplication.class.getName()));
        cmd.addAll(List.of("--server.address=" + address, "--server.port=0",
                "--management.server.address=" + address, "--management.server.port=0",
                "--gateway.modules.bind-address=" + address, "--gateway.modules.port=" + modulePort,
                "--gateway.cluster.replica-id=" + id, "--gateway.cluster.internal-address=" + address,
                "--gateway.cluster.internal-port=0", "--spring.main.banner-mode=off", ReadyPorts.LOG_SETTING,
                "--logging.level.dev.fleetgateway.cluster.web.InternalConnector=INFO"));
        cmd.addAll(settings);
        try {
            Files.createDirectories(log.getParent());
            logStart = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + id, e);
        }
    }

    /**
     * Waits until the child's ready line names its ports and the readiness probe answers UP; fails early with the
     * log's tail when the JVM exits (on a first start whose module port was taken meanwhile, starts it again on
     * another).
     */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempts = 1;
        ReadyPorts ports = null;
        while (System.nanoTime() < deadline) {
            String out = ReadyPorts.since(log, logStart);
            if (ports == null) {
                ports = ReadyPorts.find(out).orElse(null);
                if (ports != null) {
                    bound(ports, out);
                }
            }
            if (!isAlive()) {
                if (ports == null && !everReady && attempts < ATTEMPTS && PresetPorts.bindFailed(out)) {
                    attempts++;
                    modulePort = PresetPorts.pick(address); // HAProxy is told the ports once all are ready
                    start();
                    continue;
                }
                throw new AssertionError(id + " exited during startup: " + logTail());
            }
            if (ports != null) {
                try {
                    if (management().get("/actuator/health/readiness").status() == 200) {
                        everReady = true;
                        return;
                    }
                } catch (IllegalStateException notYet) {
                    // not listening yet
                }
            }
            sleep(100);
        }
        throw new AssertionError(id + " not ready within " + timeout + ": " + logTail());
    }

    private void bound(ReadyPorts ports, String out) {
        if (ports.module() != modulePort) {
            throw new AssertionError(id + " bound module port " + ports.module() + ", not " + modulePort);
        }
        httpPort = ports.rest();
        managementPort = ports.management();
        Matcher internal = INTERNAL_PORT.matcher(out);
        internalPort = internal.find() ? Integer.parseInt(internal.group(1)) : -1;
    }

    /** SIGTERM, as Kubernetes stops a pod; waits (bounded) for the graceful shutdown to end. */
    public void terminate(Duration timeout) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(id + " did not stop within " + timeout + " of SIGTERM: " + logTail());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The exit code of the last run, once it ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no goodbye to anybody; sockets are closed by the kernel. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sessions of this replica (its own gauge, whatever the cluster-wide lists say): identified or not. */
    public long openSessions() {
        return (long) Scrape.of(management()).value("fleet_sessions", java.util.Map.of("state", "open"));
    }

    /** The last lines of this replica's log, for failure messages. */
    public String logTail() {
        try {
            String text = Files.readString(log);
            return "\n--- " + log + " (tail) ---\n" + text.substring(Math.max(0, text.length() - 4000));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return id + "@" + address;
    }
}
