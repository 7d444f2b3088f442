package dev.fleetgateway.bench.scenario;

import dev.fleetgateway.bench.proc.Http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

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
 * Scenarios 4 and 5 on the same modules. 4: closed-loop REST calls round-robin over the modules, one kind at a
 * time at the same concurrency, with the server's CPU per call: sends by module key and by session id, the error
 * answers (408 recv with no data, 404 unknown module, 409 offline module), the cheapest GETs. 5: open-loop sends at a fixed rate whose payload is
 * {@code T<nanoTime>}; the module (same process, same clock) measures REST call start to bytes at the socket.
 * The gateway's data-plane port (Netty HTTP, same paths and answers) is measured beside the REST port for the
 * send by key, the send by session id and the 408.
 */
public final class DownlinkScenario {

    private static final String REST = "4 REST downlink";
    private static final String E2E = "5 end-to-end latency";

    private final BenchContext ctx;

    public DownlinkScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    /** The REST calls compared in scenario 4, each measured alone for the same time at the same concurrency. */
    enum Call {
        SEND_BY_SESSION("POST send by session id", 200),
        SEND_BY_KEY("POST send by module key", 200),
        RECV_NO_DATA("non-blocking recv, no data (408)", 408),
        SEND_UNKNOWN("POST send, unknown module (404)", 404),
        SEND_OFFLINE("POST send, module offline (409)", 409),
        REST_GET("GET one session (cheapest REST GET)", 200),
        LIVENESS("GET liveness probe", 200),
        DP_SEND_BY_KEY("data-plane POST send by module key", 200),
        DP_SEND_BY_SESSION("data-plane POST send by session id", 200),
        DP_RECV_NO_DATA("data-plane non-blocking recv, no data (408)", 408);

        final String label;
        final int status;

        Call(String label, int status) {
            this.label = label;
            this.status = status;
        }
    }

    /** One call's figures: its closed-loop outcome and the server's CPU per answered call. */
    private record Measured(RestLoad.Outcome outcome, double cpuMicros) {
    }

    private record Run(Map<Call, Measured> calls, OpenLoopSender.Outcome e2eSent, long received, Histogram e2e) {
        Measured get(Call c) {
            return calls.get(c);
        }
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
        Measured key = gw.get(Call.SEND_BY_KEY);
        // Issue 8 compared the send with the liveness probe; since issue 18 the probe is answered in front of the
        // actuator and is far cheaper than any API call, so the send is compared with the cheapest REST GET (the
        // same port, filters, key check and dispatcher): a send should cost at most about twice a GET.
        Measured get = gw.get(Call.REST_GET);
        double sendRatio = key.outcome.perSecond() / get.outcome.perSecond();
        out.add(Result.of(REST, "POST send by module key requests/s", "1/s",
                base.get(Call.SEND_BY_KEY).outcome.perSecond(), key.outcome.perSecond())
                .target(">= 50% of the cheapest REST GET", sendRatio >= 0.5)
                .note(String.format("%.0f%% of GET /api/v1/sessions/{id}; %d lanes, %d modules, %d errors",
                        100 * sendRatio, c.restLanes(), c.restModules(), key.outcome.errors())));
        double baseSendCpu = base.get(Call.SEND_BY_KEY).cpuMicros;
        out.add(Result.of(REST, "server CPU per POST send by module key", "µs", baseSendCpu, key.cpuMicros)
                .target("<= 2x baseline", key.cpuMicros <= 2 * baseSendCpu)
                .note("baseline: raw Netty HTTP, POST /send/<key>"));
        for (Call call : Call.values()) {
            if (call == Call.SEND_BY_KEY) {
                continue;
            }
            Measured g = gw.get(call);
            Measured b = base.get(call);
            if (g == null) {
                continue;
            }
            Result cpu = Result.of(REST, "server CPU per " + call.label, "µs", b == null ? null : b.cpuMicros,
                    g.cpuMicros);
            double vsKey = g.cpuMicros / key.cpuMicros;
            cpu = switch (call) {
                case SEND_BY_SESSION -> cpu.note(String.format("send by key costs %.2fx this", 1 / vsKey));
                case RECV_NO_DATA, SEND_UNKNOWN, SEND_OFFLINE -> cpu.target("<= 1.5x a send by key", vsKey <= 1.5)
                        .note(String.format("%.2fx a send by key", vsKey));
                case LIVENESS -> cpu.target("<= cheapest REST GET", g.cpuMicros <= gw.get(Call.REST_GET).cpuMicros)
                        .note(String.format("%.2fx GET one session", g.cpuMicros / gw.get(Call.REST_GET).cpuMicros));
                case DP_SEND_BY_KEY -> Result.of(REST, "server CPU per " + call.label, "µs", baseSendCpu, g.cpuMicros)
                        .target("<= 2x baseline", g.cpuMicros <= 2 * baseSendCpu)
                        .note(String.format("%.2fx baseline, %.2fx the REST send by key", g.cpuMicros / baseSendCpu,
                                vsKey));
                case DP_SEND_BY_SESSION -> cpu.note(String.format("%.2fx baseline, %.2fx the REST send by session id",
                        g.cpuMicros / baseSendCpu, g.cpuMicros / gw.get(Call.SEND_BY_SESSION).cpuMicros));
                case DP_RECV_NO_DATA -> cpu.target("<= 1.5x a data-plane send by key",
                        g.cpuMicros <= 1.5 * gw.get(Call.DP_SEND_BY_KEY).cpuMicros)
                        .note(String.format("%.2fx the REST 408", g.cpuMicros / gw.get(Call.RECV_NO_DATA).cpuMicros));
                default -> cpu;
            };
            out.add(cpu);
            out.add(Result.of(REST, call.label + " requests/s", "1/s", b == null ? null : b.outcome.perSecond(),
                    g.outcome.perSecond()).note(g.outcome.errors() + " unexpected answers"));
        }
        double keyVsSession = key.cpuMicros / gw.get(Call.SEND_BY_SESSION).cpuMicros;
        out.add(Result.of(REST, "CPU send by key / send by session id", "", null, keyVsSession)
                .target("<= 1.10", keyVsSession <= 1.10));
        for (double p : new double[] {50, 99, 99.9}) {
            out.add(Result.of(REST, "POST send by key p" + fmt(p), "ms",
                    StormHoldScenario.ms(base.get(Call.SEND_BY_KEY).outcome.latencyMicros(), p),
                    StormHoldScenario.ms(key.outcome.latencyMicros(), p)));
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
            String type = s.sendContentType();
            HttpRequest.BodyPublisher hello = HttpRequest.BodyPublishers.ofString(s.sendBody("hello\n"));
            Map<Call, LongFunction<HttpRequest>> requests = new EnumMap<>(Call.class);
            requests.put(Call.SEND_BY_SESSION, posts(urls(n, k -> s.sendUrl(prefix + k)), type, hello));
            if (s instanceof dev.fleetgateway.bench.proc.GatewayProcess) {
                requests.put(Call.SEND_BY_KEY, posts(urls(n, k -> s.sendByKeyUrl(prefix + k)), type, hello));
            }
            List<URI> recv = urls(n, k -> s.noDataRecvUrl(prefix + k));
            requests.put(Call.RECV_NO_DATA, k -> Http.newBuilder(recv.get((int) (k % n))).GET().build());
            URI unknown = URI.create(s.unknownSendUrl());
            requests.put(Call.SEND_UNKNOWN, k -> post(unknown, type, hello));
            String offline = s.offlineSendUrl();
            if (offline != null) {
                URI o = URI.create(offline);
                requests.put(Call.SEND_OFFLINE, k -> post(o, type, hello));
            }
            if (s instanceof dev.fleetgateway.bench.proc.GatewayProcess) {
                List<URI> gets = urls(n, k -> s.cheapRestGetUrl(prefix + k));
                requests.put(Call.REST_GET, k -> Http.newBuilder(gets.get((int) (k % n))).GET().build());
            }
            if (s.dataPlaneSendByKeyUrl(prefix + 0) != null) {
                requests.put(Call.DP_SEND_BY_KEY, posts(urls(n, k -> s.dataPlaneSendByKeyUrl(prefix + k)), type, hello));
                requests.put(Call.DP_SEND_BY_SESSION, posts(urls(n, k -> s.dataPlaneSendUrl(prefix + k)), type, hello));
                List<URI> dpRecv = urls(n, k -> s.dataPlaneNoDataRecvUrl(prefix + k));
                requests.put(Call.DP_RECV_NO_DATA, k -> Http.newBuilder(dpRecv.get((int) (k % n))).GET().build());
            }
            URI live = URI.create(s.cheapGetUrl());
            // Probed as the kubelet probes: no key (a key would ask the actuator for details).
            requests.put(Call.LIVENESS, k -> HttpRequest.newBuilder(live).GET().build());
            RestLoad load = new RestLoad();
            // A short warm-up of every call first, so the JIT has compiled all the paths being compared.
            long warm = Math.min(2_000, c.restMillis() / 3);
            for (Map.Entry<Call, LongFunction<HttpRequest>> e : requests.entrySet()) {
                int status = e.getKey().status;
                load.run(e.getValue(), c.restLanes(), warm, Long.MAX_VALUE, st -> st == status);
            }
            Map<Call, Measured> measured = new EnumMap<>(Call.class);
            for (Map.Entry<Call, LongFunction<HttpRequest>> e : requests.entrySet()) {
                int status = e.getKey().status;
                double cpu0 = ProcessCpu.seconds(s.pid());
                RestLoad.Outcome o = load.run(e.getValue(), c.restLanes(), c.restMillis(), Long.MAX_VALUE,
                        st -> st == status);
                double cpu = (ProcessCpu.seconds(s.pid()) - cpu0) * 1e6 / Math.max(1, o.ok());
                measured.put(e.getKey(), new Measured(o, cpu));
            }
            // The baseline knows only one send: by key.
            measured.putIfAbsent(Call.SEND_BY_KEY, measured.get(Call.SEND_BY_SESSION));
            List<URI> sends = urls(n, k -> s.sendByKeyUrl(prefix + k));
            long before = fleet.downlinkFrames();
            fleet.endToEnd().reset();
            OpenLoopSender.Outcome e2e = new OpenLoopSender().run(k -> post(sends.get((int) (k % n)), type,
                    HttpRequest.BodyPublishers.ofString(s.sendBody("T" + System.nanoTime() + "\n"))), c.e2eRate(),
                    c.e2eMillis());
            Waits.until(() -> fleet.downlinkFrames() - before, e2e.sent(), 10_000, 20);
            return new Run(measured, e2e, fleet.downlinkFrames() - before, fleet.endToEnd().copy());
        }
    }

    private interface UrlOf {
        String of(int module) throws Exception;
    }

    private static List<URI> urls(int n, UrlOf url) throws Exception {
        List<URI> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(URI.create(url.of(i)));
        }
        return out;
    }

    private static LongFunction<HttpRequest> posts(List<URI> urls, String type, HttpRequest.BodyPublisher body) {
        return k -> post(urls.get((int) (k % urls.size())), type, body);
    }

    private static HttpRequest post(URI uri, String type, HttpRequest.BodyPublisher body) {
        return Http.newBuilder(uri).header("Content-Type", type).POST(body).build();
    }

    private static String fmt(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }
}
