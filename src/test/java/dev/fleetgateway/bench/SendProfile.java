package dev.fleetgateway.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fleetgateway.bench.client.ModuleFleet;
import dev.fleetgateway.bench.client.SourceAddresses;
import dev.fleetgateway.bench.proc.BaselineProcess;
import dev.fleetgateway.bench.proc.GatewayProcess;
import dev.fleetgateway.bench.proc.Http;
import dev.fleetgateway.bench.proc.ProcessCpu;
import dev.fleetgateway.bench.proc.ServerUnderTest;
import dev.fleetgateway.bench.rest.OpenLoopSender;
import dev.fleetgateway.bench.rest.RestLoad;

/**
 * Scenario 4's send by module key alone, for finding and checking a cut on the REST send path (issue 18): the
 * raw-Netty baseline, then each gateway variant in turn (a jar, optionally with settings), each with 1,000 modules,
 * a warm-up, {@code seconds} of closed loop at 64 in flight, then 10 s of scenario 5's open loop at 1,000 sends/s;
 * prints the server CPU per send against the baseline's and the end-to-end percentiles. Variants run in one
 * invocation, so their ratios share the machine's load. A variant is {@code <jar>} or
 * {@code <jar>|--name=value|--other=value}.
 * {@code java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
 * dev.fleetgateway.bench.SendProfile /tmp/sp 20 target/fleet-gateway-0.1.0-SNAPSHOT.jar}
 */
public final class SendProfile {

    private SendProfile() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        long millis = Long.parseLong(args[1]) * 1000;
        List<String> lines = new ArrayList<>();
        double base;
        try (BaselineProcess b = BaselineProcess.start("1g", dir, "baseline")) {
            base = measure(b, millis, "baseline", lines);
        }
        for (int i = 2; i < args.length; i++) {
            String[] parts = args[i].split("\\|");
            Map<String, String> settings = new LinkedHashMap<>();
            for (int j = 1; j < parts.length; j++) {
                String[] kv = parts[j].replaceFirst("^--", "").split("=", 2);
                settings.put(kv[0], kv[1]);
            }
            try (GatewayProcess g = GatewayProcess.start(Path.of(parts[0]), "1g", settings, dir, "gateway-" + i)) {
                double cpu = measure(g, millis, args[i], lines);
                lines.add(String.format("  %.2fx baseline", cpu / base));
            }
        }
        lines.forEach(System.out::println);
    }

    private static double measure(ServerUnderTest s, long millis, String label, List<String> lines) throws Exception {
        int n = 1000;
        String prefix = "sp" + System.nanoTime() % 1000;
        try (ModuleFleet fleet = new ModuleFleet(2)) {
            long known = s.identified();
            fleet.connect(s.host(), s.modulePort(), List.of(SourceAddresses.next()), prefix, 0, n, 500, true);
            Waits.until(() -> s.identified() - known, n, 60_000, 50);
            String type = s.sendContentType();
            HttpRequest.BodyPublisher hello = HttpRequest.BodyPublishers.ofString(s.sendBody("hello\n"));
            List<URI> urls = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                urls.add(URI.create(s instanceof GatewayProcess ? s.sendByKeyUrl(prefix + k) : s.sendUrl(prefix + k)));
            }
            RestLoad load = new RestLoad();
            java.util.function.LongFunction<HttpRequest> req = k -> Http.newBuilder(urls.get((int) (k % n)))
                    .header("Content-Type", type).POST(hello).build();
            load.run(req, 64, 5_000, Long.MAX_VALUE, st -> st == 200);
            double cpu0 = ProcessCpu.seconds(s.pid());
            RestLoad.Outcome o = load.run(req, 64, millis, Long.MAX_VALUE, st -> st == 200);
            double cpu = (ProcessCpu.seconds(s.pid()) - cpu0) * 1e6 / Math.max(1, o.ok());
            long before = fleet.downlinkFrames();
            fleet.endToEnd().reset();
            OpenLoopSender.Outcome e2e = new OpenLoopSender().run(k -> Http.newBuilder(urls.get((int) (k % n)))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(
                            s.sendBody("T" + System.nanoTime() + "\n"))).build(), 1000, 10_000);
            Waits.until(() -> fleet.downlinkFrames() - before, e2e.sent(), 10_000, 20);
            var h = fleet.endToEnd().copy();
            lines.add(String.format("%s: %.0f µs CPU per send by key, %.0f/s, %d errors; e2e p50 %.2f ms p99 %.2f ms "
                    + "p99.9 %.2f ms, %d of %d received; load %s", label, cpu, o.perSecond(), o.errors(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, fleet.downlinkFrames() - before, e2e.sent(),
                    Files.readString(Path.of("/proc/loadavg")).trim()));
            System.out.println(lines.get(lines.size() - 1));
            return cpu;
        }
    }
}
