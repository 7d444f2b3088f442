package dev.fleetgateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks the docs' settings tables (header {@code | property …}) against the configuration metadata the build
 * generates from the {@code @ConfigurationProperties} records: every {@code gateway.*} name exists and its default
 * cell says the code's default ({@code –} for none).
 */
final class SettingsTables {

    private static final Pattern TOKEN = Pattern.compile("^`([^`]*)`(?:\\s*\\(.*\\))?$");
    private static final Pattern HEADER_PREFIX = Pattern.compile("property \\(`(gateway\\.[a-z0-9.-]+\\.)`");
    private static final Pattern HEADING_PREFIX = Pattern.compile("\\(`(gateway\\.[a-z0-9.-]+\\.)\\*`\\)");
    private static final String NONE = "–";

    record Result(int checked, List<String> mismatches) {
    }

    private SettingsTables() {
    }

    static Result check(List<Path> files) throws IOException {
        Map<String, Optional<String>> defaults = defaults();
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (Path file : files) {
            for (Markdown.Row row : Markdown.read(file).rows) {
                if (!row.header().matches("^\\|\\s*property\\b.*") || row.cells().size() < 2) {
                    continue;
                }
                String prefix = prefix(row);
                String[] names = row.cells().get(0).split(" / ");
                String[] values = row.cells().get(1).split(" / ");
                if (names.length != values.length) {
                    continue; // a row that explains itself in words
                }
                String first = null;
                for (int i = 0; i < names.length; i++) {
                    Matcher n = TOKEN.matcher(names[i].strip());
                    if (!n.matches() || n.group(1).contains("*") || n.group(1).startsWith("-")) {
                        continue;
                    }
                    String name = resolve(n.group(1), prefix, first);
                    if (i == 0) {
                        first = name;
                    }
                    if (name == null || !name.startsWith("gateway.")) {
                        continue;
                    }
                    String value = values[i].strip();
                    Matcher v = TOKEN.matcher(value);
                    String doc = v.matches() ? v.group(1) : value.startsWith(NONE) ? NONE : null;
                    if (doc == null) {
                        continue; // "see above", "the target host": words, not a value
                    }
                    checked++;
                    String where = file + ":" + row.line() + " " + name;
                    if (!defaults.containsKey(name)) {
                        mismatches.add(where + ": no such property");
                        continue;
                    }
                    String code = defaults.get(name).orElse(NONE);
                    if (!code.equalsIgnoreCase(doc)) {
                        mismatches.add(where + ": the docs say " + doc + ", the code " + code);
                    }
                }
            }
        }
        return new Result(checked, mismatches);
    }

    private static String prefix(Markdown.Row row) {
        Matcher header = HEADER_PREFIX.matcher(row.header());
        if (header.find()) {
            return header.group(1);
        }
        Matcher heading = HEADING_PREFIX.matcher(row.heading());
        return heading.find() ? heading.group(1) : null;
    }

    private static String resolve(String name, String prefix, String first) {
        if (name.startsWith("gateway.")) {
            return name;
        }
        if (first == null || prefix != null && name.contains(".")) {
            return prefix == null ? null : prefix + name;
        }
        return first.substring(0, first.lastIndexOf('.') + 1) + name;
    }

    /** gateway.* properties of this build and their defaults (empty: none), from the generated metadata. */
    static Map<String, Optional<String>> defaults() throws IOException {
        Map<String, Optional<String>> defaults = new HashMap<>();
        Enumeration<URL> urls = SettingsTables.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        JsonMapper json = JsonMapper.builder().build();
        while (urls.hasMoreElements()) {
            try (InputStream in = urls.nextElement().openStream()) {
                for (JsonNode p : json.readTree(in).path("properties")) {
                    String name = p.path("name").asString();
                    if (name.startsWith("gateway.")) {
                        JsonNode d = p.get("defaultValue");
                        defaults.put(name, d == null || d.isNull() || d.asString("").isEmpty() && !d.isArray()
                                ? Optional.empty() : Optional.of(text(d)));
                    }
                }
            }
        }
        return defaults;
    }

    private static String text(JsonNode d) {
        if (d.isArray()) {
            List<String> items = new ArrayList<>();
            d.forEach(i -> items.add(i.asString()));
            return String.join(",", items).toLowerCase(Locale.ROOT);
        }
        return d.isString() ? d.asString() : d.toString();
    }
}
