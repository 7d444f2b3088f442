package dev.fleetgateway.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.fleetgateway.bench.BenchConfig;
import dev.fleetgateway.bench.BenchContext;
import dev.fleetgateway.bench.Result;
import dev.fleetgateway.bench.Waits;
import dev.fleetgateway.bench.client.FrameFormat;
import dev.fleetgateway.bench.client.ModuleFleet;
import dev.fleetgateway.bench.client.SourceAddresses;
import dev.fleetgateway.bench.proc.BaselineProcess;
import dev.fleetgateway.bench.proc.GatewayProcess;
import dev.fleetgateway.bench.proc.ProcessCpu;
import dev.fleetgateway.bench.proc.ServerUnderTest;
import dev.fleetgateway.bench.rest.CursorReaders;

/**
 * Scenario 3: modules stream 50-byte line frames as fast as TCP lets them. Against the baseline (counts and
 * checks order), the baseline that only frames and counts (the distance to the wire), the gateway with REST cursor readers draining every session (BACKPRESSURE: nothing may be
 * lost), and the gateway with DROP_OLDEST and no reader, which isolates the ingest path. Frames/s is frames
 * counted by the server / time from the first frame until the server had counted every frame sent.
 */
public final class IngestScenario {

    private static final String NAME = "3 uplink ingest";

    private final BenchContext ctx;
    private String readersFailure;

    public IngestScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    private record Run(long sent, long counted, double perSecond, long lost, long faults, String note,
            double cpuMicrosPerFrame) {
    }

    public List<Result> run() throws Exception {
        Run base;
        try (BaselineProcess b = ctx.baseline()) {
            base = stream(b, null);
        }
        Run wire;
        try (BaselineProcess b = ctx.baseline(true)) {
            wire = stream(b, null);
        }
        Run ingest;
        try (GatewayProcess g = ctx.gateway(Map.of("gateway.modules.overflow", "DROP_OLDEST",
                "gateway.modules.receive-buffer", "64KB"))) {
            ingest = stream(g, null);
        }
        Run readers;
        // The default overflow policy, BACKPRESSURE: a full receive buffer pauses the socket, nothing is dropped.
        // If the gateway fails here (it can run out of heap), the ingest figures above still stand.
        try (GatewayProcess g = ctx.gateway(Map.of())) {
            readers = stream(g, g);
        } catch (Exception e) {
            readers = null;
            readersFailure = e.toString();
        }
        List<Result> out = new ArrayList<>();
        double mb = FrameFormat.LENGTH / 1e6;
        out.add(Result.of(NAME, "frames/s, DROP_OLDEST, no reader", "1/s", base.perSecond, ingest.perSecond)
                .target(">= 90% of baseline", ingest.perSecond >= 0.9 * base.perSecond).note(ingest.note));
        out.add(Result.of(NAME, "server CPU per frame, DROP_OLDEST, no reader", "µs", base.cpuMicrosPerFrame,
                ingest.cpuMicrosPerFrame).note("user+system CPU of the server process while streaming / frames"));
        out.add(Result.of(NAME, "frames/s vs frame-and-count baseline", "1/s", wire.perSecond, ingest.perSecond)
                .note("baseline here only frames and counts (no order check): the distance to the wire"));
        out.add(Result.of(NAME, "server CPU per frame vs frame-and-count baseline", "µs", wire.cpuMicrosPerFrame,
                ingest.cpuMicrosPerFrame));
        out.add(Result.of(NAME, "MB/s, DROP_OLDEST, no reader", "MB/s", base.perSecond * mb, ingest.perSecond * mb));
        out.add(Result.of(NAME, "frames counted, DROP_OLDEST", "", null, ingest.counted)
                .target("= sent " + ingest.sent, ingest.counted == ingest.sent));
        if (readers == null) {
            out.add(new Result(NAME, "BACKPRESSURE + REST readers failed", "", null, null, "no loss", false,
                    readersFailure + " (see the gateway log)"));
            return out;
        }
        out.add(Result.of(NAME, "frames/s, BACKPRESSURE + REST readers", "1/s", base.perSecond, readers.perSecond)
                .note(readers.note));
        out.add(Result.of(NAME, "frames sent, BACKPRESSURE + REST readers", "", (double) base.sent, readers.sent));
        out.add(Result.of(NAME, "frames lost or out of order, REST readers", "", (double) (base.lost + base.faults),
                readers.lost + readers.faults).target("0", readers.lost + readers.faults == 0));
        return out;
    }

    // Streams from every module; with `readers` set, drains every session over REST and checks each frame.
    private Run stream(ServerUnderTest s, GatewayProcess readers) throws Exception {
        BenchConfig c = ctx.config();
        int n = c.streamModules();
        String prefix = "in" + s.name().charAt(0);
        try (ModuleFleet fleet = new ModuleFleet(2)) {
            long known = s.identified();
            fleet.connect(s.host(), s.modulePort(), List.of(SourceAddresses.next()), prefix, 0, n, Math.min(n, 500), true);
            Waits.until(() -> s.identified() - known, n, 30_000, 50);
            CursorReaders cursor = null;
            if (readers != null) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ids.add(readers.sessionId(prefix + i));
                }
                cursor = new CursorReaders(readers.api(), ids);
            }
            var drained = cursor == null ? null : cursor.start(Math.min(c.readerLanes(), n));
            long before = s.framesIn();
            double cpu0 = ProcessCpu.seconds(s.pid());
            long t0 = System.nanoTime();
            long[] sent = fleet.stream(c.streamMillis(), n, c.maxFramesPerModule());
            long total = 0;
            for (long v : sent) {
                total += v;
            }
            long goal = total;
            long done = Waits.until(() -> s.framesIn() - before, goal, 60_000, 50);
            long counted = s.framesIn() - before;
            double cpuPerFrame = (ProcessCpu.seconds(s.pid()) - cpu0) * 1e6 / Math.max(1, counted);
            double rate = counted * 1e9 / ((done < 0 ? System.nanoTime() : done) - t0);
            long lost = total - counted;
            long faults = 0;
            String note = n + " modules, " + c.streamMillis() / 1000.0 + " s"
                    + (c.maxFramesPerModule() < Long.MAX_VALUE ? ", at most " + c.maxFramesPerModule() + " frames each" : "");
            if (cursor != null) {
                cursor.finishAt(sent);
                try {
                    drained.get(120, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    cursor.abort();
                }
                long read = 0;
                for (int i = 0; i < n; i++) {
                    read += Math.min(cursor.received(i), sent[i]);
                }
                lost = total - read;
                faults = cursor.faults();
                note += ", " + cursor.requests() + " reader requests over " + Math.min(c.readerLanes(), n) + " lanes";
            } else if (s instanceof BaselineProcess b) {
                faults = b.outOfOrder();
            } else if (s instanceof GatewayProcess g) {
                note += ", " + g.framesDropped() + " dropped by DROP_OLDEST (no reader, by design)";
            }
            if (fleet.closedByPeer() > 0) {
                note += ", " + fleet.closedByPeer() + " modules closed by server";
            }
            return new Run(total, counted, rate, lost, faults, note, cpuPerFrame);
        }
    }
}
