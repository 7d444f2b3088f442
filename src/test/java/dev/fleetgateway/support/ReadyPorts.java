package dev.fleetgateway.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ports a gateway child process bound, read from its ready line (logger
 * {@code dev.fleetgateway.session.web.ReadyLine} at INFO: "Fleet Gateway ready: … REST port host:N, management port
 * host:M …, module port host:P"). A child started with port 0 everywhere cannot lose its ports to another process
 * between a pick and its bind (a port picked beforehand may meanwhile become an ephemeral source port of any
 * connection on the machine); this is how the test learns them. {@code module} is -1 where the module port is off.
 */
public record ReadyPorts(int rest, int management, int module) {

    /** The setting that makes a child print the line whatever its other logging settings say. */
    public static final String LOG_SETTING = "--logging.level.dev.fleetgateway.session.web.ReadyLine=INFO";

    private static final Pattern LINE = Pattern.compile("Fleet Gateway ready:.*, REST port [^,]*:(\\d+), "
            + "management port [^ ,]*:(\\d+)(?:.*?, module port [^ ,]*:(\\d+))?");

    /** The ports of the first ready line in {@code text}, if it has one. */
    public static Optional<ReadyPorts> find(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new ReadyPorts(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? -1 : Integer.parseInt(m.group(3))));
    }

    /**
     * Waits until the child's log, from byte {@code from} on (where this run of the child began writing), holds its
     * ready line; fails at once, with the log's tail, when the child exits first, and after {@code timeout}.
     */
    public static ReadyPorts await(Process child, Path log, long from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String out = since(log, from);
            Optional<ReadyPorts> ports = find(out);
            if (ports.isPresent()) {
                return ports.get();
            }
            if (!child.isAlive()) {
                throw new AssertionError("child gateway exited before its ready line: " + tail(out));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("child gateway printed no ready line within " + timeout + ": " + tail(out));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** What the log holds from byte {@code from} on ("" while it does not exist). */
    public static String since(Path log, long from) {
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            byte[] bytes = new byte[(int) Math.max(0, length - from)];
            f.seek(Math.min(from, length));
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(String out) {
        return "\n" + out.substring(Math.max(0, out.length() - 4000));
    }
}
