package dev.fleetgateway.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.fleetgateway.support.Executables;
import dev.fleetgateway.support.PresetPorts;

/**
 * HAProxy in TCP mode in front of the replicas' module ports, standing in for the Kubernetes Service of the
 * module port: round-robin over the replicas that pass a TCP connect check, a dead one taken out after two
 * failed checks, connects to it redispatched meanwhile. A child process in the foreground ({@code -db}), never a
 * system service.
 */
final class HaproxyProcess implements AutoCloseable {

    private final String address;
    private final int port;
    private final Process process;

    private HaproxyProcess(String address, int port, Process process) {
        this.address = address;
        this.port = port;
        this.process = process;
    }

    /** Debian installs it under /usr/sbin, which an ordinary user's PATH may not hold. */
    static Optional<Path> binary() {
        Optional<Path> onPath = Executables.onPath("haproxy");
        if (onPath.isPresent()) {
            return onPath;
        }
        Path sbin = Path.of("/usr/sbin/haproxy");
        return Files.isExecutable(sbin) ? Optional.of(sbin) : Optional.empty();
    }

    static HaproxyProcess start(String address, List<GatewayReplica> replicas, Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("haproxy.cfg");
            Path log = dir.resolve("haproxy.log");
            // HAProxy must be told its port in its configuration (port 0 is not an option there), and a port picked
            // here may be taken before HAProxy binds it: PresetPorts picks outside the ephemeral range and picks
            // again when the bind fails anyway.
            PresetPorts.Started started = PresetPorts.start(address, log, Duration.ofSeconds(10), port -> {
                Files.writeString(file, config(address, port, replicas));
                return new ProcessBuilder(binary().orElseThrow().toString(), "-db", "-f", file.toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            });
            return new HaproxyProcess(address, started.port(), started.process());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start haproxy", e);
        }
    }

    private static String config(String address, int port, List<GatewayReplica> replicas) {
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 4096
                defaults
                    mode tcp
                    timeout connect 2s
                    timeout client 1h
                    timeout server 1h
                    timeout check 1s
                    # a connect to a replica that died but is not marked down yet goes to another one
                    retries 2
                    option redispatch
                frontend modules
                """);
        cfg.append("    bind ").append(address).append(':').append(port).append('\n');
        cfg.append("""
                    default_backend replicas
                backend replicas
                    balance roundrobin
                    default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
                """);
        for (GatewayReplica r : replicas) {
            cfg.append("    server ").append(r.id()).append(' ').append(r.address()).append(':')
                    .append(r.modulePort()).append(" check\n");
        }
        return cfg.toString();
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
