package dev.fleetgateway.bench.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

import dev.fleetgateway.bench.proc.JavaProcess;

/**
 * Several {@link ConnectWorker} processes started together, each with its own block of module indexes and
 * its own loopback source address, driven as one.
 */
public final class WorkerGroup implements AutoCloseable {

    /** Merged outcome of the workers' connects. */
    public record Connected(int connected, int failed, Histogram latencyMicros) {
    }

    private final List<JavaProcess> workers = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private WorkerGroup() {
    }

    /** Starts {@code processes} workers sharing {@code total} modules; returns once all are READY. */
    public static WorkerGroup start(String host, int port, String keyPrefix, int total, int processes, int inFlight,
            String heap, Path logDir, String name) throws IOException {
        WorkerGroup g = new WorkerGroup();
        int per = (total + processes - 1) / processes;
        for (int w = 0; w < processes; w++) {
            int from = w * per;
            int count = Math.min(per, total - from);
            // Each worker its own, fresh source address, so ephemeral ports never run short or collide.
            String local = SourceAddresses.next();
            JavaProcess p = JavaProcess.start(name + "-" + w, List.of("-Xmx" + heap, "-XX:+UseG1GC"),
                    List.of("-cp", JavaProcess.classpath(), ConnectWorker.class.getName(), host,
                            Integer.toString(port), keyPrefix, Integer.toString(from), Integer.toString(count),
                            Integer.toString(Math.max(1, inFlight / processes)), local, "2"),
                    logDir, false);
            g.workers.add(p);
        }
        for (JavaProcess p : g.workers) {
            p.expect("READY");
        }
        return g;
    }

    /** Tells every worker to connect at once and merges what they report. */
    public Connected connectAll() throws Exception {
        for (JavaProcess p : workers) {
            p.send("go");
        }
        List<Future<String>> lines = new ArrayList<>();
        for (JavaProcess p : workers) {
            lines.add(pool.submit(() -> p.expect("CONNECTED")));
        }
        int ok = 0;
        int failed = 0;
        Histogram merged = new Histogram(3);
        for (Future<String> f : lines) {
            String[] parts = f.get().split(" ");
            ok += Integer.parseInt(parts[1]);
            failed += Integer.parseInt(parts[2]);
            merged.add(decode(parts[4]));
        }
        return new Connected(ok, failed, merged);
    }

    /** Connections the workers still hold open. */
    public int open() throws IOException {
        int n = 0;
        for (JavaProcess p : workers) {
            p.send("open");
            n += Integer.parseInt(p.expect("OPEN").split(" ")[1]);
        }
        return n;
    }

    /** Downlink lines the workers' modules have received so far. */
    public long downlinkFrames() throws IOException {
        long n = 0;
        for (JavaProcess p : workers) {
            p.send("frames");
            n += Long.parseLong(p.expect("FRAMES").split(" ")[1]);
        }
        return n;
    }

    private static Histogram decode(String base64) throws DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    }

    /** Process ids of the workers (for their memory). */
    public List<Long> pids() {
        return workers.stream().map(JavaProcess::pid).toList();
    }

    @Override
    public void close() {
        workers.forEach(JavaProcess::close);
        pool.shutdownNow();
    }
}
