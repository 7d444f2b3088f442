package dev.fleetgateway.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.fleetgateway.support.Executables;

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
    private final Path log;

    private HaproxyProcess(String address, int port, Process process, Path log) {
        this.address = address;
        this.port = port;
        this.process = process;
        this.log = log;
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
        int port = Loopback.freePort(address);
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
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, cfg);
            Path log = dir.resolve("haproxy.log");
            Process p = new ProcessBuilder(binary().orElseThrow().toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            HaproxyProcess h = new HaproxyProcess(address, port, p, log);
            h.awaitListening(Duration.ofSeconds(10));
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start haproxy", e);
        }
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        throw new IOException("haproxy not listening on " + address + ":" + port + " within " + timeout);
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
