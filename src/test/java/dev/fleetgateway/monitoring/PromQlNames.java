package dev.fleetgateway.monitoring;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a dashboard's PromQL uses. Dashboards here give every selector a label matcher
 * ({@code name{...}}), so names are the identifiers before a brace; any other bare identifier that is not a
 * PromQL function or keyword is reported, so a metric cannot hide from the check.
 */
final class PromQlNames {

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KNOWN = Set.of("sum", "avg", "min", "max", "count", "rate", "irate",
            "increase", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "topk", "bottomk", "clamp_min", "clamp_max", "label_values", "offset");

    private PromQlNames() {
    }

    /** Metric names in {@code expr}; fails on a bare identifier that is neither a function nor a selector. */
    static Set<String> of(String expr) {
        String code = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        Set<String> names = new LinkedHashSet<>();
        Matcher lv = LABEL_VALUES.matcher(code);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        Matcher m = SELECTOR.matcher(code);
        while (m.find()) {
            names.add(m.group(1));
        }
        String rest = code.replaceAll("[a-zA-Z_:][a-zA-Z0-9_:]*\\s*\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
        Matcher id = IDENTIFIER.matcher(rest);
        while (id.find()) {
            if (!KNOWN.contains(id.group())) {
                throw new AssertionError("'" + id.group() + "' in " + expr + " is neither a PromQL function nor a "
                        + "selector with a label matcher");
            }
        }
        return names;
    }
}
