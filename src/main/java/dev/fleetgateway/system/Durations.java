package dev.fleetgateway.system;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/** Parses API durations: {@code 5s}, {@code 500ms}, {@code 2m}, ISO-8601, or a bare number of seconds as {@code settimeout} takes. */
public final class Durations {

    private Durations() {
    }

    /** Parses and bounds a duration parameter; 400 problem when malformed, negative or above {@code max}. */
    public static Duration parse(String name, String value, Duration fallback, Duration max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Duration d;
        try {
            String v = value.trim();
            d = v.matches("\\d+(\\.\\d+)?") ? Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000))
                    : DurationStyle.detectAndParse(v);
        } catch (IllegalArgumentException e) {
            throw invalid(name, value, "a duration like 5s, 500ms, 2m or a number of seconds");
        }
        if (d.isNegative()) {
            throw invalid(name, value, "not negative");
        }
        if (d.compareTo(max) > 0) {
            throw invalid(name, value, "at most " + max.toSeconds() + "s");
        }
        return d;
    }

    private static FleetException invalid(String name, String value, String expected) {
        return FleetException.invalid("validation", "Invalid parameter",
                "Parameter '" + name + "' is '" + value + "'; it must be " + expected)
                .with("errors", java.util.List.of(java.util.Map.of("field", name, "message", "must be " + expected)));
    }
}
