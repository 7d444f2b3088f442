package dev.fleetgateway.bench.scenario;

import java.util.ArrayList;
import java.util.List;

import dev.fleetgateway.bench.BenchContext;
import dev.fleetgateway.bench.Result;

/**
 * Scenario 7: process start to ready, taken from every server the other scenarios launched (the gateway:
 * readiness UP on {@code /actuator/health/readiness}; the baseline: both ports listening). Median and worst.
 */
public final class StartupScenario {

    private final BenchContext ctx;

    public StartupScenario(BenchContext ctx) {
        this.ctx = ctx;
    }

    public List<Result> run() {
        if (ctx.gatewayStartups().isEmpty() || ctx.baselineStartups().isEmpty()) {
            return List.of(Result.notAvailable("7 startup", "no server was started in this run"));
        }
        List<Long> g = sorted(ctx.gatewayStartups());
        List<Long> b = sorted(ctx.baselineStartups());
        List<Result> out = new ArrayList<>();
        out.add(Result.of("7 startup", "start to ready, median", "ms", (double) median(b), median(g))
                .note(g.size() + " gateway starts " + g + ", " + b.size() + " baseline starts"));
        out.add(Result.of("7 startup", "start to ready, worst", "ms", (double) b.get(b.size() - 1),
                g.get(g.size() - 1)));
        return out;
    }

    private static List<Long> sorted(List<Long> v) {
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s;
    }

    private static long median(List<Long> v) {
        return v.get(v.size() / 2);
    }
}
