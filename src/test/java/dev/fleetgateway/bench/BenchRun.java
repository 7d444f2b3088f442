package dev.fleetgateway.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.fleetgateway.bench.scenario.ClusterScenario;
import dev.fleetgateway.bench.scenario.CredentialStormScenario;
import dev.fleetgateway.bench.scenario.DownlinkScenario;
import dev.fleetgateway.bench.scenario.IngestScenario;
import dev.fleetgateway.bench.scenario.SimulatorScaleScenario;
import dev.fleetgateway.bench.scenario.StartupScenario;
import dev.fleetgateway.bench.scenario.StormHoldScenario;

/**
 * Runs every scenario, each against the baseline and then the gateway, one after the other (never at the
 * same time: they share two cores). A scenario that throws is reported as an error row and the run goes on.
 */
public final class BenchRun {

    /** A step of the run. */
    private interface Scenario {
        List<Result> run() throws Exception;
    }

    private BenchRun() {
    }

    /** Every scenario. */
    public static final Set<String> ALL = Set.of("storm", "ingest", "downlink", "simulator", "startup",
            "credentials", "cluster");

    public static List<Result> run(BenchConfig config) {
        return run(config, ALL);
    }

    /** The chosen scenarios only ({@link #ALL} names), e.g. to profile one of them. */
    public static List<Result> run(BenchConfig config, Set<String> only) {
        List<Result> results = new ArrayList<>();
        try (BenchContext ctx = new BenchContext(config)) {
            step(results, only, "storm", "1+2 storm and hold", new StormHoldScenario(ctx)::run);
            step(results, only, "ingest", "3 uplink ingest", new IngestScenario(ctx)::run);
            step(results, only, "downlink", "4+5 downlink", new DownlinkScenario(ctx)::run);
            step(results, only, "simulator", "6 simulator scale", new SimulatorScaleScenario(ctx)::run);
            step(results, only, "credentials", "8 connect storm with credentials",
                    new CredentialStormScenario(ctx)::run);
            step(results, only, "cluster", "9 cluster, three replicas", new ClusterScenario(ctx)::run);
            // Startup is read from the launches above, so it only needs one of them to have run.
            step(results, only, "startup", "7 startup", new StartupScenario(ctx)::run);
        }
        return results;
    }

    private static void step(List<Result> results, Set<String> only, String key, String name, Scenario scenario) {
        if (!only.contains(key)) {
            return;
        }
        System.out.println("== " + name);
        long t0 = System.nanoTime();
        try {
            List<Result> r = scenario.run();
            r.forEach(x -> System.out.println("   " + Report.line(x)));
            results.addAll(r);
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            results.add(new Result(name, "error", "", null, null, null, false, String.valueOf(e)));
        }
        System.out.printf("   (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }
}
