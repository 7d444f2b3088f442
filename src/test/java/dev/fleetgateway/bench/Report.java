package dev.fleetgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fleetgateway.bench.proc.Http;

/** The results as a Markdown table (console and BENCHMARKS.md) and as JSON with the machine facts. */
public final class Report {

    private Report() {
    }

    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | metric | baseline | gateway | ratio | target | met | note |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | --- | --- | --- |\n");
        for (Result r : results) {
            sb.append("| ").append(r.scenario()).append(" | ").append(r.metric())
                    .append(r.unit().isEmpty() ? "" : " (" + r.unit() + ")").append(" | ").append(num(r.baseline()))
                    .append(" | ").append(num(r.gateway())).append(" | ")
                    .append(r.ratio() == null ? "" : String.format("%.2f", r.ratio())).append(" | ")
                    .append(r.target() == null ? "" : r.target()).append(" | ")
                    .append(r.met() == null ? "" : r.met() ? "yes" : "**no**").append(" | ")
                    .append(r.note() == null ? "" : r.note().replace("|", "/")).append(" |\n");
        }
        return sb.toString();
    }

    static String line(Result r) {
        return r.metric() + ": baseline " + num(r.baseline()) + ", gateway " + num(r.gateway())
                + (r.met() == null ? "" : r.met() ? " [met]" : " [MISSED " + r.target() + "]")
                + (r.note() == null ? "" : " - " + r.note());
    }

    static String num(Double v) {
        if (v == null) {
            return "";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format("%,.0f", v);
        }
        return String.format("%.2f", v);
    }

    public static void writeJson(Path file, BenchConfig config, Map<String, String> machine, List<Result> results)
            throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("scale", config.scale());
        doc.put("machine", machine);
        doc.put("config", Map.of("serverHeap", config.serverHeap(), "workerHeap", config.workerHeap(),
                "sessions", config.sessions(), "workerProcesses", config.workerProcesses(),
                "connectsInFlight", config.connectsInFlight(), "streamModules", config.streamModules(),
                "streamMillis", config.streamMillis(), "restModules", config.restModules(),
                "restLanes", config.restLanes(), "e2eRate", config.e2eRate()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", r.scenario());
            row.put("metric", r.metric());
            row.put("unit", r.unit());
            row.put("baseline", r.baseline());
            row.put("gateway", r.gateway());
            row.put("ratio", r.ratio());
            row.put("target", r.target());
            row.put("met", r.met());
            row.put("note", r.note());
            rows.add(row);
        }
        doc.put("results", rows);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }
}
