package dev.fleetgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fleetgateway.bench.client.ModuleFleet;
import dev.fleetgateway.bench.client.SourceAddresses;
import dev.fleetgateway.bench.proc.GatewayProcess;
import dev.fleetgateway.bench.proc.JvmMemory;

/**
 * What one held session costs, class by class (issue 18): starts the gateway jar as the storm scenario does, takes
 * {@code jcmd GC.class_histogram} (a full GC first), connects {@code n} modules with a hello, takes it again and
 * prints the difference per session, largest first. No warm-up, so nothing but the held sessions is counted.
 * {@code java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
 * dev.fleetgateway.bench.HoldHistogram target/fleet-gateway-0.1.0-SNAPSHOT.jar 5000 /tmp/hold [key=value ...]}
 * (further arguments are gateway settings).
 */
public final class HoldHistogram {

    private static final Pattern ROW = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");

    private HoldHistogram() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        // Further arguments are gateway settings, key=value (e.g. a datasource URL with another H2 CACHE_SIZE).
        Map<String, String> settings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        try (GatewayProcess g = GatewayProcess.start(jar, "1g", settings, dir, "gateway")) {
            long heap0 = JvmMemory.heapAfterGc(g.pid());
            Map<String, long[]> before = histogram(g.pid(), dir.resolve("histogram-before.txt"));
            long identified = g.identified();
            try (ModuleFleet fleet = new ModuleFleet(2)) {
                ModuleFleet.ConnectReport r = fleet.connect(g.host(), g.modulePort(), List.of(SourceAddresses.next()),
                        "hold", 0, n, 200, true);
                Waits.until(() -> g.identified() - identified, r.connected(), 300_000, 100);
                Thread.sleep(1_000);
                long heap1 = JvmMemory.heapAfterGc(g.pid());
                Map<String, long[]> after = histogram(g.pid(), dir.resolve("histogram-after.txt"));
                print(before, after, r.connected(), (heap1 - heap0) / (double) Math.max(1, r.connected()));
            }
        }
    }

    private static Map<String, long[]> histogram(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true)
                .redirectOutput(file.toFile()).start().waitFor();
        Map<String, long[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return rows;
    }

    private static void print(Map<String, long[]> before, Map<String, long[]> after, int n, double heapPerSession) {
        record Delta(String type, long instances, long bytes) {
        }
        List<Delta> deltas = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            Delta d = new Delta(e.getKey(), e.getValue()[0] - b[0], e.getValue()[1] - b[1]);
            deltas.add(d);
            total += d.bytes();
        }
        deltas.sort((x, y) -> Long.compare(y.bytes(), x.bytes()));
        System.out.printf("%d sessions held; heap after GC %.0f B/session; histogram %.0f B/session%n", n,
                heapPerSession, total / (double) n);
        for (Delta d : deltas.subList(0, Math.min(60, deltas.size()))) {
            System.out.printf("%8.1f B %6.2f  %s%n", d.bytes() / (double) n, d.instances() / (double) n, d.type());
        }
    }
}
