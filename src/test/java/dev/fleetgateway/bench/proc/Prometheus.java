package dev.fleetgateway.bench.proc;

/** Reads a value out of Prometheus text exposition, summing every series that carries the given labels. */
public final class Prometheus {

    private Prometheus() {
    }

    public static double sum(String text, String metric, String... labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric) || line.length() == metric.length()) {
                continue;
            }
            char next = line.charAt(metric.length());
            if (next != '{' && next != ' ') {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
