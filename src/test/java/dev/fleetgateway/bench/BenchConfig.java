package dev.fleetgateway.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Size of a run. {@link #full} is the documented benchmark; {@link #smoke} runs every scenario at a tiny
 * scale inside the test suite so the harness cannot rot. {@code gatewayJar} null starts the gateway from the
 * test JVM instead of the Spring Boot jar, and keeps one gateway per setting for all scenarios.
 */
public record BenchConfig(
        String scale,
        Path gatewayJar,
        Path logDir,
        String serverHeap,
        String workerHeap,
        int sessions,
        int workerProcesses,
        int connectsInFlight,
        int holdRestRequests,
        int streamModules,
        long streamMillis,
        int readerLanes,
        int restModules,
        long restMillis,
        int restLanes,
        int e2eRate,
        long e2eMillis,
        long maxFramesPerModule,
        List<Integer> simulatorSteps,
        int clusterModules) {

    /**
     * 19,000 sessions over 2 generator processes (each below the 20,000 open-file limit); the cluster scenario
     * 45,000 modules over three replicas.
     */
    public static BenchConfig full(Path jar, Path logDir) {
        return new BenchConfig("full", jar, logDir, "1g", "512m", 19_000, 2, 1_000, 5_000, 1_000, 10_000, 32,
                1_000, 10_000, 64, 1_000, 10_000, Long.MAX_VALUE, List.of(2_000, 5_000, 10_000, 19_000),
                clusterModules(45_000));
    }

    public static BenchConfig smoke(Path logDir) {
        return new BenchConfig("smoke", null, logDir, "256m", "64m", 50, 2, 20, 50, 20, 1_000, 4, 20, 500, 4,
                100, 500, 500, List.of(20), 30);
    }

    // BENCH_CLUSTER_MODULES=<n> runs the cluster scenario smaller (say, on a machine with less memory).
    private static int clusterModules(int otherwise) {
        String n = System.getenv("BENCH_CLUSTER_MODULES");
        return n == null || n.isBlank() ? otherwise : Integer.parseInt(n.trim());
    }
}
