package dev.fleetgateway.console.web;

import java.time.Instant;

/** Formatting for the templates ({@code ${fmt.when(t)}}): UTC times and enum names as words. */
public final class Formats {

    static final Formats INSTANCE = new Formats();

    private Formats() {
    }

    /** A time as {@code 2026-11-29 17:21:28 UTC}, or a dash. */
    public String when(Instant t) {
        return Fragments.when(t);
    }

    /** An enum constant as lower-case words ({@code CLIENT_CLOSED}: {@code client closed}), or a dash. */
    public String label(Enum<?> e) {
        return Fragments.label(e);
    }
}
