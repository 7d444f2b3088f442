package dev.fleetgateway.bench.scenario;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

import dev.fleetgateway.bench.BenchConfig;
import dev.fleetgateway.bench.BenchContext;
import dev.fleetgateway.bench.Machine;
import dev.fleetgateway.bench.Result;
import dev.fleetgateway.bench.Waits;
import dev.fleetgateway.bench.client.WorkerGroup;
import dev.fleetgateway.bench.proc.GatewayProcess;
import dev.fleetgateway.bench.proc.Http;
import dev.fleetgateway.bench.proc.ProcessCpu;
import dev.fleetgateway.bench.rest.RestLoad;
import dev.fleetgateway.support.cluster.ClusterSchema;

/**
 * Scenario 9 (issue 16): three gateway replicas on 127.0.0.11-13 with the cluster on, one PostgreSQL schema of
 * their own (created and dropped here), {@code clusterModules} modules dialling the replicas directly (a third
 * each; no load balancer, so which replica owns a module is known), then closed-loop REST sends by module key
 * measured two ways on the same modules: <b>local</b>, through the replica that holds the module, and
 * <b>forwarded</b>, through the next replica, which forwards it over the internal port to the owner. Each kind:
 * rate, p50/p99, and the CPU of all three replica processes per answered send. Every send must be answered 200
 * and every answered send must reach its module.
 */
public final class ClusterScenario {

    static final String NAME = "9 cluster, three replicas";
    private static final String POSTGRES = System.getenv("FLEET_TEST_POSTGRES_URL");
    private static final int REPLICAS = 3;
    // Client sockets per generator process: below the 20,000 open files one process may hold here.
    private static final int PER_GENERATOR = 15_000;

    private final BenchContext ctx;

    public ClusterScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    /** Through the owner, or through a replica that forwards to it. */
    private enum Path {
        LOCAL("local (through the owner)"),
        FORWARDED("forwarded (through a non-owner)");

        final String label;

        Path(String label) {
            this.label = label;
        }
    }

    private record Measured(RestLoad.Outcome outcome, double cpuMicros) {
    }

    public List<Result> run() throws Exception {
        if (POSTGRES == null || !POSTGRES.startsWith("jdbc:postgresql:")) {
            return List.of(Result.notAvailable(NAME, "FLEET_TEST_POSTGRES_URL is not set: a cluster needs PostgreSQL"));
        }
        BenchConfig c = ctx.config();
        int per = c.clusterModules() / REPLICAS;
        try (ClusterSchema schema = ClusterSchema.create(POSTGRES)) {
            List<GatewayProcess> replicas = new ArrayList<>();
            try {
                startReplicas(schema, replicas);
                return measure(schema, replicas, per);
            } finally {
                closeAll(replicas);
            }
        }
    }

    private void startReplicas(ClusterSchema schema, List<GatewayProcess> out) throws Exception {
        BenchConfig c = ctx.config();
        String secret = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(REPLICAS);
        try {
            List<Future<GatewayProcess>> starts = new ArrayList<>();
            for (int r = 0; r < REPLICAS; r++) {
                String host = host(r);
                String id = "replica-" + (char) ('a' + r);
                Map<String, String> settings = new LinkedHashMap<>();
                settings.put("gateway.cluster.enabled", "true");
                settings.put("gateway.cluster.replica-id", id);
                settings.put("gateway.cluster.internal-address", host);
                settings.put("gateway.cluster.internal-port", "0");
                settings.put("gateway.cluster.internal-secret", secret);
                starts.add(pool.submit(() -> GatewayProcess.startReplica(c.gatewayJar(), c.serverHeap(), host,
                        schema.settings(), settings, c.logDir(), "cluster-" + id)));
            }
            Exception failed = null;
            for (Future<GatewayProcess> f : starts) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = e.getCause() instanceof Exception x ? x : e;
                }
            }
            if (failed != null) {
                throw failed;
            }
        } finally {
            pool.shutdown();
        }
    }

    private List<Result> measure(ClusterSchema schema, List<GatewayProcess> replicas, int per) throws Exception {
        BenchConfig c = ctx.config();
        String loadBefore = Machine.loadAverage();
        List<WorkerGroup> fleets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(REPLICAS);
        try {
            int processes = Math.max(1, (per + PER_GENERATOR - 1) / PER_GENERATOR);
            for (int r = 0; r < REPLICAS; r++) {
                GatewayProcess g = replicas.get(r);
                fleets.add(WorkerGroup.start(g.host(), g.modulePort(), prefix(r), per, processes,
                        Math.max(1, c.connectsInFlight() / REPLICAS), c.workerHeap(), c.logDir(),
                        "cluster-gen-" + r));
            }
            long t0 = System.nanoTime();
            List<Future<WorkerGroup.Connected>> connects = new ArrayList<>();
            for (WorkerGroup f : fleets) {
                connects.add(pool.submit(f::connectAll));
            }
            int failed = 0;
            for (Future<WorkerGroup.Connected> f : connects) {
                failed += f.get().failed();
            }
            long timeout = Math.max(30_000, per * 20L);
            for (GatewayProcess g : replicas) {
                Waits.until(g::identified, per, timeout, 200);
            }
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            long held = 0;
            long minHeld = Long.MAX_VALUE;
            for (GatewayProcess g : replicas) {
                long open = g.openSessions();
                held += open;
                minHeld = Math.min(minHeld, open);
            }

            // Presence rows are written in batches: wait (bounded) until they stop growing.
            long presence = Waits.settle(() -> schema.count("module_presence"), c.restMillis() < 5_000 ? 2_000 : 5_000,
                    60_000);
            long dropped = 0;
            for (GatewayProcess g : replicas) {
                dropped += g.dbWritesDropped();
            }

            // The sample: modules spread evenly over the replicas and over each replica's share.
            int sample = Math.max(REPLICAS, Math.min(c.restModules(), per * REPLICAS));
            int perReplica = sample / REPLICAS;
            int stride = Math.max(1, per / perReplica);
            String body = replicas.get(0).sendBody("hello\n");
            long framesBefore = frames(fleets);
            long answered = 0;
            long unexpected = 0;
            // A module another replica cannot find (its presence row never written) is counted and left out of
            // the sample, so the two paths are measured on the same, reachable modules.
            int unreachable = 0;
            Map<Path, List<URI>> urls = new LinkedHashMap<>();
            urls.put(Path.LOCAL, new ArrayList<>());
            urls.put(Path.FORWARDED, new ArrayList<>());
            for (int k = 0; k < perReplica * REPLICAS; k++) {
                int owner = k % REPLICAS;
                String key = prefix(owner) + ((k / REPLICAS) * stride % per);
                URI forwarded = URI.create(replicas.get((owner + 1) % REPLICAS).sendByKeyUrl(key));
                if (Http.post(forwarded.toString(), "application/json", body).statusCode() != 200) {
                    unreachable++;
                    continue;
                }
                answered++;
                urls.get(Path.LOCAL).add(URI.create(replicas.get(owner).sendByKeyUrl(key)));
                urls.get(Path.FORWARDED).add(forwarded);
            }
            if (urls.get(Path.LOCAL).isEmpty()) {
                throw new AssertionError("no sampled module is reachable through a non-owner replica");
            }
            RestLoad load = new RestLoad();
            long warm = Math.min(2_000, c.restMillis() / 3);
            for (Map.Entry<Path, List<URI>> e : urls.entrySet()) {
                RestLoad.Outcome o = load.run(posts(e.getValue(), body), c.restLanes(), warm, Long.MAX_VALUE,
                        st -> st == 200);
                answered += o.ok();
                unexpected += o.errors();
            }
            Map<Path, Measured> measured = new LinkedHashMap<>();
            for (Map.Entry<Path, List<URI>> e : urls.entrySet()) {
                double cpu0 = cpu(replicas);
                RestLoad.Outcome o = load.run(posts(e.getValue(), body), c.restLanes(), c.restMillis(),
                        Long.MAX_VALUE, st -> st == 200);
                double cpu = (cpu(replicas) - cpu0) * 1e6 / Math.max(1, o.ok());
                measured.put(e.getKey(), new Measured(o, cpu));
                answered += o.ok();
                unexpected += o.errors();
            }
            long expected = answered;
            Waits.until(() -> frames(fleets) - framesBefore, expected, 30_000, 100);
            long received = frames(fleets) - framesBefore;
            return results(replicas.size(), per, failed, connectSeconds, held, minHeld, presence, dropped, sample,
                    unreachable, measured, answered, unexpected, received, loadBefore);
        } finally {
            fleets.forEach(WorkerGroup::close);
            pool.shutdownNow();
        }
    }

    private List<Result> results(int replicas, int per, int failed, double connectSeconds, long held, long minHeld,
            long presence, long dropped, int sample, int unreachable, Map<Path, Measured> measured, long answered,
            long unexpected, long received, String loadBefore) {
        BenchConfig c = ctx.config();
        String load = "load average before " + loadBefore + ", after " + Machine.loadAverage();
        List<Result> out = new ArrayList<>();
        long total = (long) per * replicas;
        out.add(Result.of(NAME, "modules held, all replicas", "", null, held).target("= " + total, held == total)
                .note(String.format("%d replicas, fewest on one: %d; %d connect failures; all identified %.1f s after"
                        + " the first connect", replicas, minHeld, failed, connectSeconds)));
        out.add(Result.of(NAME, "presence rows in PostgreSQL", "", null, presence).target("= " + total,
                presence == total).note(dropped + " background database writes dropped (fleet.db.writer.dropped + "
                        + "fleet.registry.writes.dropped, all replicas)"));
        out.add(Result.of(NAME, "sampled modules unreachable through a non-owner", "", null, unreachable)
                .target("0", unreachable == 0).note("of " + sample + "; left out of both measurements"));
        for (Path p : Path.values()) {
            Measured m = measured.get(p);
            out.add(Result.of(NAME, "POST send by key, " + p.label + " requests/s", "1/s", null,
                    m.outcome.perSecond()).note(String.format("%d lanes over %d modules on all replicas, %d errors; %s",
                            c.restLanes(), sample - unreachable, m.outcome.errors(), load)));
            out.add(Result.of(NAME, "POST send by key, " + p.label + " p50", "ms", null,
                    StormHoldScenario.ms(m.outcome.latencyMicros(), 50)));
            out.add(Result.of(NAME, "POST send by key, " + p.label + " p99", "ms", null,
                    StormHoldScenario.ms(m.outcome.latencyMicros(), 99)));
            out.add(Result.of(NAME, "server CPU per send, " + p.label, "µs", null, m.cpuMicros)
                    .note("user+system CPU of all three replica processes / answered sends"));
        }
        Measured local = measured.get(Path.LOCAL);
        Measured forwarded = measured.get(Path.FORWARDED);
        out.add(Result.of(NAME, "CPU per send forwarded / local", "", null, forwarded.cpuMicros / local.cpuMicros));
        out.add(Result.of(NAME, "sends not answered 200", "", null, unexpected).target("0", unexpected == 0));
        out.add(Result.of(NAME, "sends received by their module / answered 200", "", null,
                answered == 0 ? 0 : (double) received / answered).target("1", received == answered)
                .note(received + " of " + answered + " (warm-up included)"));
        return out;
    }

    private static LongFunction<HttpRequest> posts(List<URI> urls, String body) {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofString(body);
        return n -> Http.newBuilder(urls.get((int) (n % urls.size()))).header("Content-Type", "application/json")
                .POST(publisher).build();
    }

    private static long frames(List<WorkerGroup> fleets) throws java.io.IOException {
        long n = 0;
        for (WorkerGroup f : fleets) {
            n += f.downlinkFrames();
        }
        return n;
    }

    private static double cpu(List<GatewayProcess> replicas) throws java.io.IOException {
        double s = 0;
        for (GatewayProcess g : replicas) {
            s += ProcessCpu.seconds(g.pid());
        }
        return s;
    }

    // Stopped together: each drains its modules within its shutdown grace, and they leave the schema clean.
    private static void closeAll(List<GatewayProcess> replicas) throws InterruptedException {
        List<Thread> stops = new ArrayList<>();
        for (GatewayProcess g : replicas) {
            Thread t = new Thread(g::close, "stop-" + g.host());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            t.join(120_000);
        }
    }

    private static String host(int replica) {
        return "127.0.0." + (11 + replica);
    }

    private static String prefix(int replica) {
        return "cl" + replica + "m";
    }
}
