package dev.fleetgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entry point of {@code bench/run.sh}: {@code BenchMain <gateway jar> <results dir> [scenario,...]}. Runs the
 * full benchmark (or the named scenarios: storm, ingest, downlink, simulator, startup, credentials, cluster), prints the table and
 * writes {@code results-<date>.json}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path results = Path.of(args[1]);
        Set<String> only = args.length > 2 ? Set.of(args[2].split(",")) : BenchRun.ALL;
        BenchConfig config = BenchConfig.full(jar, results.resolve("logs"));
        // Logs are named by launch number; an old run's lines must not be read as this run's.
        try (var old = Files.list(config.logDir())) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        } catch (java.nio.file.NoSuchFileException none) {
            // first run
        }
        Map<String, String> machine = Machine.describe();
        System.out.println("machine: " + machine);
        List<Result> out = BenchRun.run(config, only);
        machine.put("loadAfter", Machine.loadAverage());
        System.out.println();
        System.out.println(Report.table(out));
        System.out.println("load average before: " + machine.get("loadBefore") + ", after: " + machine.get("loadAfter"));
        Path file = results.resolve("results-" + LocalDate.now() + ".json");
        Report.writeJson(file, config, machine, out);
        System.out.println("written " + file);
    }
}
