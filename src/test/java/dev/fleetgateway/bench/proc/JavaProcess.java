package dev.fleetgateway.bench.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the harness. Its stdout is a line channel to the harness (stderr goes to a log file); its
 * stdin is the stop signal: closing it ends the child, so nothing outlives a crashed harness for long.
 */
public final class JavaProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final OutputStream in;
    private final long startedNanos;
    final String name;

    private JavaProcess(String name, Process process, long startedNanos) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = process.getOutputStream();
    }

    /** Starts {@code java <jvmArgs> <command...>}; stderr (and stdout when {@code logStdout}) go to the log. */
    public static JavaProcess start(String name, List<String> jvmArgs, List<String> command, Path logDir,
            boolean logStdout) throws IOException {
        Files.createDirectories(logDir);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path log = logDir.resolve(name + ".log");
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (logStdout) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        long t0 = System.nanoTime();
        return new JavaProcess(name, pb.start(), t0);
    }

    /** The child's classpath for harness mains: the harness's own. */
    public static String classpath() {
        return System.getProperty("java.class.path");
    }

    public long pid() {
        return process.pid();
    }

    public long startedNanos() {
        return startedNanos;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Next stdout line, or null at end of stream. */
    public String readLine() throws IOException {
        return out.readLine();
    }

    /** Reads lines until one starts with {@code prefix}; fails if the process ends first. */
    public String expect(String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException(name + " ended before printing " + prefix + " (see its log)");
    }

    public void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process with SIGTERM (graceful shutdown), then by force if it hangs. */
    public void terminate() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
