package dev.fleetgateway.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.fleetgateway.bench.BenchContext;
import dev.fleetgateway.bench.Result;
import dev.fleetgateway.bench.proc.GatewayProcess;
import dev.fleetgateway.bench.proc.ProcessCpu;
import dev.fleetgateway.bench.proc.StartupCache;

/**
 * Scenario 7: process start to ready (the gateway: readiness UP on {@code /actuator/health/readiness}; the
 * baseline: both ports listening), median and worst over every server the run launched. With the jar (not in
 * the smoke test) it also starts the gateway the two documented ways, {@code BENCH_STARTUP_LAUNCHES} times each
 * (3 unless set): cold ({@code java -jar}) and from the class-data cache of one training run
 * ({@link StartupCache}, as the container image does), with the process CPU time (user + system) at readiness,
 * which moves less with the neighbours' load than the wall clock.
 */
public final class StartupScenario {

    private static final String NAME = "7 startup";

    private final BenchContext ctx;

    public StartupScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    public List<Result> run() throws Exception {
        List<Result> out = new ArrayList<>();
        if (ctx.config().gatewayJar() != null) {
            out.addAll(coldAndCached(ctx.config().gatewayJar()));
        }
        if (ctx.gatewayStartups().isEmpty()) {
            out.add(Result.notAvailable(NAME, "no gateway was started in this run"));
            return out;
        }
        if (ctx.baselineStartups().isEmpty()) {
            ctx.baseline().close();
        }
        List<Long> g = sorted(ctx.gatewayStartups());
        List<Long> b = sorted(ctx.baselineStartups());
        out.add(0, Result.of(NAME, "start to ready, median", "ms", (double) median(b), median(g))
                .note(g.size() + " gateway starts " + g + ", " + b.size() + " baseline starts"));
        out.add(1, Result.of(NAME, "start to ready, worst", "ms", (double) b.get(b.size() - 1),
                g.get(g.size() - 1)));
        return out;
    }

    private List<Result> coldAndCached(Path jar) throws Exception {
        int n = launches();
        String heap = ctx.config().serverHeap();
        Path logDir = ctx.config().logDir();
        Path dir = Files.createTempDirectory("fleet-bench-startup");
        try {
            List<long[]> cold = new ArrayList<>();
            String coldLoad = load();
            for (int i = 1; i <= n; i++) {
                cold.add(launch(GatewayProcess.start(jar, heap, Map.of(), logDir, "gateway-cold-" + i)));
                ctx.gatewayStartups().add(cold.get(cold.size() - 1)[0]);
            }
            StartupCache cache = StartupCache.train(jar, dir, heap, logDir);
            List<long[]> cached = new ArrayList<>();
            String cachedLoad = load();
            for (int i = 1; i <= n; i++) {
                cached.add(launch(GatewayProcess.start(cache.jar(), cache.jvmFlags(), heap, Map.of(), logDir,
                        "gateway-cached-" + i)));
            }
            List<Result> out = new ArrayList<>();
            long coldMs = median(column(cold, 0));
            long cachedMs = median(column(cached, 0));
            out.add(Result.of(NAME, "cold start (java -jar), median", "ms", null, coldMs)
                    .note(n + " starts " + sorted(column(cold, 0)) + "; load average " + coldLoad));
            out.add(Result.of(NAME, "start from the " + cache.kind() + ", median", "ms", null, cachedMs)
                    .target("<= 3000 ms", cachedMs <= 3000)
                    .note(n + " starts " + sorted(column(cached, 0)) + ", " + cachedMs * 100 / Math.max(1, coldMs)
                            + "% of cold; load average " + cachedLoad));
            out.add(Result.of(NAME, "CPU to ready, cold, median", "ms", null, median(column(cold, 1)))
                    .note("user+system of the gateway process at readiness " + sorted(column(cold, 1))));
            out.add(Result.of(NAME, "CPU to ready, cached, median", "ms", null, median(column(cached, 1)))
                    .note("user+system of the gateway process at readiness " + sorted(column(cached, 1))));
            out.add(Result.of(NAME, "training run", "ms", null, cache.trainingMillis())
                    .note("cache " + cache.sizeBytes() / (1024 * 1024) + " MiB"));
            return out;
        } finally {
            deleteTree(dir);
        }
    }

    // {wall ms to ready, CPU ms at ready}; cold starts also count among the run's gateway starts.
    private long[] launch(GatewayProcess g) throws IOException {
        try (g) {
            return new long[] { g.startupMillis(), Math.round(ProcessCpu.seconds(g.pid()) * 1000) };
        }
    }

    private static int launches() {
        String n = System.getenv("BENCH_STARTUP_LAUNCHES");
        return n == null || n.isBlank() ? 3 : Math.max(1, Integer.parseInt(n.trim()));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<Long> column(List<long[]> rows, int i) {
        return rows.stream().map(r -> r[i]).toList();
    }

    private static List<Long> sorted(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s;
    }

    private static long median(List<Long> v) {
        return sorted(v).get(v.size() / 2);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
