package dev.fleetgateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for programs that must be told theirs before they start (HAProxy's listener and its server list,
 * Prometheus), where port 0 cannot be used. A port picked inside the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, the range port 0 and every outgoing connection draw from) can
 * be taken between the pick and the program's bind, as CI showed; so the pick is made outside that range, where
 * only another explicit bind can take it, and {@link #start} picks again when the program's bind fails anyway.
 * A gateway the test starts binds port 0 instead and reports its ports ({@link ReadyPorts}).
 */
public final class PresetPorts {

    /** Below this lie well-known and registered services' ports (PostgreSQL, 8080, ...). */
    private static final int FLOOR = 20_000;
    private static final int ATTEMPTS = 5;

    private PresetPorts() {
    }

    /** A program started on a preset port: {@code start} must start it listening on the port it is given. */
    @FunctionalInterface
    public interface Starter {
        Process start(int port) throws IOException;
    }

    /** A program and the port it listens on. */
    public record Started(Process process, int port) {
    }

    /** A port free on {@code address} now, outside the ephemeral range where there is room for it. */
    public static int pick(String address) {
        int[] range = outsideEphemeral();
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(range[0], range[1] + 1);
            if (free(address, port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on " + address + " in " + range[0] + "-" + range[1]);
    }

    /**
     * Starts a program on a picked port and waits (up to {@code timeout}) until it listens there; should it exit
     * with "address already in use" in {@code log} (from where its run began), picks another port (bounded).
     */
    public static Started start(String address, Path log, Duration timeout, Starter starter) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = pick(address);
            long from = Files.exists(log) ? Files.size(log) : 0;
            Process p = starter.start(port);
            if (awaitListening(p, address, port, timeout)) {
                return new Started(p, port);
            }
            String out = ReadyPorts.since(log, from);
            if (!p.isAlive() && bindFailed(out) && attempt < ATTEMPTS) {
                continue; // taken since the pick: another port
            }
            p.destroyForcibly();
            throw new IOException(p.isAlive() ? "not listening on " + address + ":" + port + " within " + timeout
                    : "exited before listening on " + address + ":" + port + ": " + out);
        }
    }

    /** Whether a program's output says that its bind failed because the port was taken. */
    public static boolean bindFailed(String output) {
        String text = output.toLowerCase(java.util.Locale.ROOT);
        return text.contains("address already in use") || text.contains("cannot bind socket");
    }

    private static boolean awaitListening(Process p, String address, int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 500);
                return p.isAlive();
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
        return false;
    }

    /** The widest stretch of ports outside the ephemeral range and above {@link #FLOOR}, or all above it. */
    static int[] outsideEphemeral() {
        int low = 32_768;
        int high = 60_999;
        try {
            // read as lines: Files.readString trusts the size /proc reports and reads too little
            String[] r = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+");
            low = Integer.parseInt(r[0]);
            high = Integer.parseInt(r[1]);
        } catch (IOException | RuntimeException unknown) {
            // not Linux: the Linux default
        }
        int below = low - 1 - FLOOR;
        int above = 65_535 - (high + 1);
        if (Math.max(below, above) < 1_000) {
            return new int[] {FLOOR, 65_535}; // no room outside it: the retry is all there is
        }
        return below >= above ? new int[] {FLOOR, low - 1} : new int[] {high + 1, 65_535};
    }

    private static boolean free(String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
