package dev.fleetgateway.bench.scenario;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import dev.fleetgateway.bench.BenchConfig;
import dev.fleetgateway.bench.BenchContext;
import dev.fleetgateway.bench.Result;
import dev.fleetgateway.bench.Waits;
import dev.fleetgateway.bench.client.SourceAddresses;
import dev.fleetgateway.bench.client.WorkerGroup;
import dev.fleetgateway.bench.proc.BaselineProcess;
import dev.fleetgateway.bench.proc.GatewayProcess;
import dev.fleetgateway.bench.proc.Http;
import dev.fleetgateway.bench.proc.JvmMemory;
import tools.jackson.databind.JsonNode;

/**
 * Scenario 6: the largest simulated fleet one JVM sustains against a gateway in another process, and the
 * simulator's memory per module. The simulator JVM is the same build with its module port off, driven by
 * {@code POST /api/v1/simulator/fleets} and {@code POST /fleets/{id}/scale}. A step counts as sustained when
 * the gateway has identified every module and the fleet still reports them all connected 3 s later.
 * Reports "not available" when the build has no simulator API.
 */
public final class SimulatorScaleScenario {

    private static final String NAME = "6 simulator scale";
    private static final String CONTROLLER = "dev/fleetgateway/simulator/web/SimulatorController.class";

    private final BenchContext ctx;

    public SimulatorScaleScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    public List<Result> run() throws Exception {
        BenchConfig c = ctx.config();
        if (!simulatorInBuild(c.gatewayJar())) {
            return List.of(Result.notAvailable(NAME, "no simulator API (" + CONTROLLER + ") in this build; "
                    + "it is built on the simulator branch"));
        }
        int max = c.simulatorSteps().get(c.simulatorSteps().size() - 1);
        Baseline baseline = rawClientBaseline(max);
        try (GatewayProcess gateway = ctx.gateway(Map.of());
                GatewayProcess sim = ctx.gateway(Map.of("gateway.modules.enabled", "false",
                        "gateway.simulator.max-modules-total", Integer.toString(max),
                        "gateway.simulator.max-modules-per-fleet", Integer.toString(max),
                        // The simulator's own registry would add database work the gateway measures already.
                        "gateway.simulator.register-modules", "false",
                        // its target is the other gateway's module port on loopback, refused by default
                        "gateway.outbound.allow", "127.0.0.0/8"))) {
            String fleets = sim.api() + "/simulator/fleets";
            long idleHeap = JvmMemory.heapAfterGc(sim.pid());
            long idleRss = JvmMemory.rss(sim.pid());
            int sustained = 0;
            double heapPer = 0;
            double rssPer = 0;
            String fleetId = null;
            String note = "";
            for (int step : c.simulatorSteps()) {
                HttpResponse<String> res = fleetId == null ? create(fleets, step, gateway)
                        : Http.post(fleets + "/" + fleetId + "/scale", "application/json", "{\"count\":" + step + "}");
                if (res.statusCode() == 404 && fleetId == null) {
                    return List.of(Result.notAvailable(NAME, "POST /api/v1/simulator/fleets answered 404"));
                }
                if (res.statusCode() / 100 != 2) {
                    note = "step " + step + " refused: " + res.statusCode() + " " + res.body();
                    break;
                }
                if (fleetId == null) {
                    fleetId = Http.JSON.readTree(res.body()).path("id").asString();
                }
                if (Waits.until(gateway::openSessions, step, 180_000, 250) < 0) {
                    note = "step " + step + ": gateway held " + gateway.openSessions() + " after 180 s";
                    break;
                }
                Thread.sleep(3_000);
                JsonNode stats = Http.getJson(fleets + "/" + fleetId).path("stats");
                if (stats.path("connected").asInt() < step) {
                    note = "step " + step + ": only " + stats.path("connected").asInt() + " stayed connected";
                    break;
                }
                sustained = step;
                heapPer = (double) (JvmMemory.heapAfterGc(sim.pid()) - idleHeap) / step;
                rssPer = (double) (JvmMemory.rss(sim.pid()) - idleRss) / step;
            }
            List<Result> out = new ArrayList<>();
            out.add(Result.of(NAME, "largest fleet sustained", "modules", (double) baseline.connected(), sustained)
                    .note("steps " + c.simulatorSteps() + (note.isEmpty() ? "" : "; " + note)
                            + "; baseline: the harness's raw Netty client holding the same number of connections"));
            out.add(Result.of(NAME, "simulator heap/module after GC", "bytes", baseline.heapPer(), heapPer));
            out.add(Result.of(NAME, "simulator RSS/module", "bytes", baseline.rssPer(), rssPer));
            return out;
        }
    }

    private record Baseline(int connected, double heapPer, double rssPer) {
    }

    /**
     * The least a client can spend per module: the harness's own Netty load generator (one process, no thread
     * per connection, hello line then idle) holding {@code count} connections to the raw baseline server.
     */
    private Baseline rawClientBaseline(int count) throws Exception {
        BenchConfig c = ctx.config();
        try (BaselineProcess server = ctx.baseline();
                WorkerGroup client = WorkerGroup.start(server.host(), server.modulePort(), "86", count, 1,
                        c.connectsInFlight(), c.workerHeap(), c.logDir(), "sim-baseline-client")) {
            long pid = client.pids().get(0);
            long idleHeap = JvmMemory.heapAfterGc(pid);
            long idleRss = JvmMemory.rss(pid);
            WorkerGroup.Connected connected = client.connectAll();
            Waits.until(server::openSessions, connected.connected(), 60_000, 250);
            Thread.sleep(3_000);
            int open = client.open();
            return new Baseline(open, (double) (JvmMemory.heapAfterGc(pid) - idleHeap) / open,
                    (double) (JvmMemory.rss(pid) - idleRss) / open);
        }
    }

    // Field names as on the simulator branch (host, port); the draft names them targetHost/targetPort.
    // ECHO: with no profile at all a simulated module stays idle (unconnected) until driven by hand.
    private static HttpResponse<String> create(String url, int count, GatewayProcess target)
            throws IOException, InterruptedException {
        // Four fresh source addresses: one source/destination pair has only ~28,000 ephemeral ports, and
        // ports a previous run left in TIME_WAIT must not be in the way.
        String sources = "\"sourceAddresses\":[\"" + SourceAddresses.next() + "\",\"" + SourceAddresses.next()
                + "\",\"" + SourceAddresses.next() + "\",\"" + SourceAddresses.next() + "\"]";
        String common = "\"name\":\"bench\",\"count\":" + count + ",\"hello\":true,\"profiles\":[\"ECHO\"],"
                + sources;
        HttpResponse<String> res = Http.post(url, "application/json", "{" + common + ",\"host\":\"127.0.0.1\",\"port\":"
                + target.modulePort() + "}");
        if (res.statusCode() == 400) {
            res = Http.post(url, "application/json", "{" + common + ",\"targetHost\":\"127.0.0.1\",\"targetPort\":"
                    + target.modulePort() + "}");
        }
        return res;
    }

    private static boolean simulatorInBuild(Path jar) throws IOException {
        if (jar == null) {
            return SimulatorScaleScenario.class.getClassLoader().getResource(CONTROLLER) != null;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/classes/" + CONTROLLER) != null;
        }
    }
}
