package dev.fleetgateway.bench.scenario;

import dev.fleetgateway.bench.proc.Http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

import dev.fleetgateway.bench.BenchConfig;
import dev.fleetgateway.bench.BenchContext;
import dev.fleetgateway.bench.Result;
import dev.fleetgateway.bench.Waits;
import dev.fleetgateway.bench.client.ModuleFleet;
import dev.fleetgateway.bench.client.SourceAddresses;
import dev.fleetgateway.bench.proc.ProcessCpu;
import dev.fleetgateway.bench.proc.ServerUnderTest;
import dev.fleetgateway.bench.rest.OpenLoopSender;
import dev.fleetgateway.bench.rest.RestLoad;

/**
 * Scenarios 4 and 5 on the same modules. 4: closed-loop POST send round-robin over the modules, compared with
 * the same server's cheapest GET at the same concurrency. 5: open-loop sends at a fixed rate whose payload is
 * {@code T<nanoTime>}; the module (same process, same clock) measures REST call start to bytes at the socket.
 */
public final class DownlinkScenario {

    private static final String REST = "4 REST downlink";
    private static final String E2E = "5 end-to-end latency";

    private final BenchContext ctx;

    public DownlinkScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    private record Run(RestLoad.Outcome send, RestLoad.Outcome get, OpenLoopSender.Outcome e2eSent, long received,
            Histogram e2e, double cpuMicrosPerSend) {
    }

    public List<Result> run() throws Exception {
        Run base;
        try (ServerUnderTest b = ctx.baseline()) {
            base = runOn(b);
        }
        Run gw;
        try (ServerUnderTest g = ctx.gateway(Map.of())) {
            gw = runOn(g);
        }
        BenchConfig c = ctx.config();
        List<Result> out = new ArrayList<>();
        double sendRatio = gw.send.perSecond() / gw.get.perSecond();
        out.add(Result.of(REST, "POST send requests/s", "1/s", base.send.perSecond(), gw.send.perSecond())
                .target(">= 50% of gateway GET", sendRatio >= 0.5)
                .note(String.format("%.0f%% of GET /actuator/health/liveness; %d lanes, %d modules, %d errors",
                        100 * sendRatio, c.restLanes(), c.restModules(), gw.send.errors())));
        out.add(Result.of(REST, "server CPU per POST send", "µs", base.cpuMicrosPerSend, gw.cpuMicrosPerSend));
        out.add(Result.of(REST, "cheapest GET requests/s", "1/s", base.get.perSecond(), gw.get.perSecond()));
        for (double p : new double[] {50, 99, 99.9}) {
            out.add(Result.of(REST, "POST send p" + fmt(p), "ms", StormHoldScenario.ms(base.send.latencyMicros(), p),
                    StormHoldScenario.ms(gw.send.latencyMicros(), p)));
        }
        double p99 = StormHoldScenario.ms(gw.e2e, 99);
        out.add(Result.of(E2E, "REST send to module socket p50", "ms", StormHoldScenario.ms(base.e2e, 50),
                StormHoldScenario.ms(gw.e2e, 50)));
        out.add(Result.of(E2E, "REST send to module socket p99", "ms", StormHoldScenario.ms(base.e2e, 99), p99)
                .target("<= 5", p99 <= 5).note(c.e2eRate() + " sends/s for " + c.e2eMillis() / 1000.0 + " s"));
        out.add(Result.of(E2E, "REST send to module socket p99.9", "ms", StormHoldScenario.ms(base.e2e, 99.9),
                StormHoldScenario.ms(gw.e2e, 99.9)));
        out.add(Result.of(E2E, "probes received / sent", "", (double) base.received / base.e2eSent.sent(),
                (double) gw.received / gw.e2eSent.sent()).target("1", gw.received == gw.e2eSent.sent())
                .note("gateway: " + gw.e2eSent.ok() + " answered 2xx, " + gw.e2eSent.errors() + " failed; baseline: "
                        + base.e2eSent.ok() + " 2xx, " + base.e2eSent.errors() + " failed"));
        return out;
    }

    private Run runOn(ServerUnderTest s) throws Exception {
        BenchConfig c = ctx.config();
        int n = c.restModules();
        String prefix = "dl" + s.name().charAt(0);
        try (ModuleFleet fleet = new ModuleFleet(2)) {
            long known = s.identified();
            fleet.connect(s.host(), s.modulePort(), List.of(SourceAddresses.next()), prefix, 0, n, Math.min(n, 500), true);
            Waits.until(() -> s.identified() - known, n, 30_000, 50);
            List<URI> urls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                urls.add(URI.create(s.sendUrl(prefix + i)));
            }
            String type = s.sendContentType();
            HttpRequest.BodyPublisher hello = HttpRequest.BodyPublishers.ofString(s.sendBody("hello\n"));
            RestLoad load = new RestLoad();
            // Short warm-up of both endpoints so the JIT has compiled the paths being compared.
            long warm = Math.min(2_000, c.restMillis() / 3);
            load.run(k -> post(urls.get((int) (k % n)), type, hello), c.restLanes(), warm, Long.MAX_VALUE);
            load.run(k -> Http.newBuilder(URI.create(s.cheapGetUrl())).GET().build(), c.restLanes(), warm,
                    Long.MAX_VALUE);
            double cpu0 = ProcessCpu.seconds(s.pid());
            RestLoad.Outcome send = load.run(k -> post(urls.get((int) (k % n)), type, hello), c.restLanes(),
                    c.restMillis(), Long.MAX_VALUE);
            double cpuPerSend = (ProcessCpu.seconds(s.pid()) - cpu0) * 1e6 / Math.max(1, send.ok());
            RestLoad.Outcome get = load.run(k -> Http.newBuilder(URI.create(s.cheapGetUrl())).GET().build(),
                    c.restLanes(), c.restMillis(), Long.MAX_VALUE);
            long before = fleet.downlinkFrames();
            fleet.endToEnd().reset();
            OpenLoopSender.Outcome e2e = new OpenLoopSender().run(k -> post(urls.get((int) (k % n)), type,
                    HttpRequest.BodyPublishers.ofString(s.sendBody("T" + System.nanoTime() + "\n"))), c.e2eRate(),
                    c.e2eMillis());
            Waits.until(() -> fleet.downlinkFrames() - before, e2e.sent(), 10_000, 20);
            return new Run(send, get, e2e, fleet.downlinkFrames() - before, fleet.endToEnd().copy(),
                    cpuPerSend);
        }
    }

    private static HttpRequest post(URI uri, String type, HttpRequest.BodyPublisher body) {
        return Http.newBuilder(uri).header("Content-Type", type).POST(body).build();
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
