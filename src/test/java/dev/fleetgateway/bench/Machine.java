package dev.fleetgateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts about the machine a run happened on, including the load average before and after: the benchmark
 * machine is shared, and a figure means little without knowing what else was running.
 */
public final class Machine {

    private Machine() {
    }

    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("date", OffsetDateTime.now().toString());
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("memory", read("/proc/meminfo").lines().findFirst().orElse("?").replaceAll("\\s+", " "));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("kernel", read("/proc/sys/kernel/osrelease").trim());
        m.put("openFilesLimitPerProcess", "see ulimit -n");
        m.put("ephemeralPorts", read("/proc/sys/net/ipv4/ip_local_port_range").trim().replaceAll("\\s+", "-"));
        m.put("loadBefore", loadAverage());
        return m;
    }

    public static String loadAverage() {
        return read("/proc/loadavg").trim();
    }

    private static String read(String path) {
        try {
            // Not Files.readString: /proc files report size 0 and some come back cut short.
            try (var in = Files.newInputStream(Path.of(path))) {
                return new String(in.readAllBytes());
            }
        } catch (Exception e) {
            return "?";
        }
    }
}
