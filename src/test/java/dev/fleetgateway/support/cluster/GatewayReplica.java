package dev.fleetgateway.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.Scrape;

/**
 * One gateway replica of the harness: a child JVM from the test classpath, with every port (REST, management,
 * module, internal) on its own loopback address. The ports stay the same across restarts, so the load balancer's
 * server list and the replica id stay valid, as a pod's name and Service do on Kubernetes.
 */
public final class GatewayReplica {

    private final String id;
    private final String address;
    private final int httpPort;
    private final int managementPort;
    private final int modulePort;
    private final int internalPort;
    private final List<String> settings;
    private final Path log;
    private volatile Process process;

    GatewayReplica(String id, String address, List<String> settings, Path logDir) {
        this.id = id;
        this.address = address;
        this.httpPort = Loopback.freePort(address);
        this.managementPort = Loopback.freePort(address);
        this.modulePort = Loopback.freePort(address);
        this.internalPort = Loopback.freePort(address);
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
        cmd.addAll(List.of("--server.address=" + address, "--server.port=" + httpPort,
                "--management.server.address=" + address, "--management.server.port=" + managementPort,
                "--gateway.modules.bind-address=" + address, "--gateway.modules.port=" + modulePort,
                "--gateway.cluster.replica-id=" + id, "--gateway.cluster.internal-address=" + address,
                "--gateway.cluster.internal-port=" + internalPort, "--spring.main.banner-mode=off"));
        cmd.addAll(settings);
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + id, e);
        }
    }

    /** Waits until the readiness probe answers UP; fails early with the log's tail when the JVM exits. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http probe = management();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new AssertionError(id + " exited during startup: " + logTail());
            }
            try {
                if (probe.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        throw new AssertionError(id + " not ready within " + timeout + ": " + logTail());
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
