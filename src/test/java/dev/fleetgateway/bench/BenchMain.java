package dev.fleetgateway.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code bench/run.sh}: {@code BenchMain <gateway jar> <results dir>}. Runs the full benchmark,
 * prints the table and writes {@code results-<date>.json}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path results = Path.of(args[1]);
        BenchConfig config = args.length > 2 && args[2].equals("smoke") ? BenchConfig.smoke(results.resolve("logs"))
                : BenchConfig.full(jar, results.resolve("logs"));
        if (config.gatewayJar() == null) {
            config = new BenchConfig(config.scale(), jar, config.logDir(), config.serverHeap(), config.workerHeap(),
                    config.sessions(), config.workerProcesses(), config.connectsInFlight(), config.holdRestRequests(),
                    config.streamModules(), config.streamMillis(), config.readerLanes(), config.restModules(),
                    config.restMillis(), config.restLanes(), config.e2eRate(), config.e2eMillis(),
                    config.maxFramesPerModule(), config.simulatorSteps());
        }
        Map<String, String> machine = Machine.describe();
        System.out.println("machine: " + machine);
        List<Result> out = BenchRun.run(config);
        machine.put("loadAfter", Machine.loadAverage());
        System.out.println();
        System.out.println(Report.table(out));
        System.out.println("load average before: " + machine.get("loadBefore") + ", after: " + machine.get("loadAfter"));
        Path file = results.resolve("results-" + LocalDate.now() + ".json");
        Report.writeJson(file, config, machine, out);
        System.out.println("written " + file);
    }
}
