package dev.fleetgateway.bench.scenario;

import dev.fleetgateway.bench.proc.Http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.fleetgateway.bench.BenchContext;
import dev.fleetgateway.bench.Result;
import dev.fleetgateway.bench.Waits;
import dev.fleetgateway.bench.client.ModuleFleet;
import dev.fleetgateway.bench.client.SourceAddresses;
import dev.fleetgateway.bench.proc.GatewayProcess;
import dev.fleetgateway.bench.proc.ProcessCpu;

/**
 * Scenario 8: what module credentials cost a connect storm. One gateway, two storms of the same size after one
 * warm-up storm of each kind: plain hellos ({@code IMEI:<key>}) against hellos that prove a provisioned token
 * ({@code IMEI:<key>;TOKEN:<token>}: one SHA-256 and a constant-time compare on the event loop). In the table
 * the "baseline" column is the storm without credentials, the "gateway" column the storm with them.
 */
public final class CredentialStormScenario {

    private static final String NAME = "8 connect storm, credentials";

    private final BenchContext ctx;

    public CredentialStormScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    private record Storm(double connectsPerSec, double cpuMicrosPerConnect, double p50Ms, double p99Ms, int failed) {
    }

    public List<Result> run() throws Exception {
        int n = Math.min(2_000, ctx.config().sessions());
        try (GatewayProcess g = ctx.gateway(Map.of())) {
            provision(g, "cw", n);
            provision(g, "cr", n);
            storm(g, "pw", n, false);
            storm(g, "cw", n, true);
            Storm plain = storm(g, "pa", n, false);
            Storm cred = storm(g, "cr", n, true);
            List<Result> out = new ArrayList<>();
            out.add(Result.of(NAME, "connects/s (to all identified)", "1/s", plain.connectsPerSec,
                    cred.connectsPerSec).note(n + " modules, 200 in flight; baseline column: the same gateway, "
                            + "hellos without credentials"));
            out.add(Result.of(NAME, "server CPU per connect+identify", "µs", plain.cpuMicrosPerConnect,
                    cred.cpuMicrosPerConnect));
            out.add(Result.of(NAME, "connect+hello p50", "ms", plain.p50Ms, cred.p50Ms));
            out.add(Result.of(NAME, "connect+hello p99", "ms", plain.p99Ms, cred.p99Ms));
            out.add(Result.of(NAME, "connect failures", "", (double) plain.failed, cred.failed));
            return out;
        }
    }

    static String token(String prefix, int index) {
        return "bench-" + prefix + "-" + index + "-k9Qx7LmN2pR4sT6v";
    }

    private Storm storm(GatewayProcess g, String prefix, int n, boolean credentials) throws Exception {
        long open = g.openSessions();
        long before = g.identified();
        double cpu0 = ProcessCpu.seconds(g.pid());
        long t0 = System.nanoTime();
        Storm s;
        try (ModuleFleet fleet = new ModuleFleet(2)) {
            if (credentials) {
                fleet.helloSuffix(i -> ";TOKEN:" + token(prefix, i));
            }
            ModuleFleet.ConnectReport report = fleet.connect(g.host(), g.modulePort(),
                    List.of(SourceAddresses.next()), prefix, 0, n, Math.min(n, 200), true);
            long seen = Waits.until(() -> g.identified() - before, report.connected(), 60_000, 100);
            double cpu = (ProcessCpu.seconds(g.pid()) - cpu0) * 1e6 / Math.max(1, report.connected());
            double rate = seen < 0 ? 0 : report.connected() * 1e9 / (seen - t0);
            s = new Storm(rate, cpu, StormHoldScenario.ms(report.latencyMicros(), 50),
                    StormHoldScenario.ms(report.latencyMicros(), 99), report.failed());
        }
        Waits.until(() -> -g.openSessions(), -open, 30_000, 100);
        return s;
    }

    // Hashes in bulk, as a factory line would provision them, before the storm.
    private static void provision(GatewayProcess g, String prefix, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int from = 0; from < n; from += 1000) {
            StringBuilder body = new StringBuilder("{\"credentials\":[");
            for (int i = from; i < Math.min(n, from + 1000); i++) {
                String hash = HexFormat.of().formatHex(sha.digest(token(prefix, i).getBytes(StandardCharsets.US_ASCII)));
                body.append(i > from ? "," : "").append("{\"moduleKey\":\"").append(prefix).append(i)
                        .append("\",\"sha256\":\"").append(hash).append("\"}");
            }
            body.append("]}");
            HttpResponse<String> r = http.send(Http.newBuilder(URI.create(g.api() + "/modules/credentials/provision"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("provisioning failed: " + r.statusCode() + " " + r.body());
            }
        }
    }
}
