package dev.fleetgateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text exposition split into series: each sample line's name, labels and value. */
public final class Scrape {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One sample line: the series identity is name plus labels. */
    public record Series(String name, Map<String, String> labels, double value) {
        /** The series as written, without its value. */
        public String id() {
            return name + labels;
        }
    }

    private final String text;
    private final List<Series> series = new ArrayList<>();

    public Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("Not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
    }

    /** Scrapes {@code /actuator/prometheus} through {@code http}, a client of the app's management port. */
    public static Scrape of(Http http) {
        Http.Response r = http.get("/actuator/prometheus");
        if (r.status() != 200) {
            throw new AssertionError("Scrape failed with " + r.status() + ": " + r.body());
        }
        return new Scrape(r.body());
    }

    public String text() {
        return text;
    }

    public List<Series> series() {
        return series;
    }

    /** The distinct series identities (name and labels). */
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        series.forEach(s -> ids.add(s.id()));
        return ids;
    }

    /** The metric names of the sample lines (histograms give their _bucket, _count and _sum names). */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        series.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The sum of the values of the series with this name whose labels include {@code labels}. */
    public double value(String name, Map<String, String> labels) {
        return series.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Series::value).sum();
    }
}
