package dev.fleetgateway.module;

import java.time.Instant;
import java.util.Objects;

/**
 * A module seen at a time, as written to the registry in batches. With a kind it registers the module when
 * the key is unknown; without one (a session closed) it only refreshes the last-seen of a known module.
 *
 * @param moduleKey the module's key
 * @param kind the kind to register it with, or null for a last-seen refresh only
 * @param at when it was seen
 */
record Sighting(String moduleKey, ModuleKind kind, Instant at) {

    public Sighting {
        Objects.requireNonNull(moduleKey, "moduleKey");
        Objects.requireNonNull(at, "at");
    }

    /** Registers the module with this kind if unknown, and refreshes its last-seen. */
    public static Sighting registered(String moduleKey, ModuleKind kind, Instant at) {
        return new Sighting(moduleKey, Objects.requireNonNull(kind, "kind"), at);
    }

    /** Refreshes the last-seen of a known module; an unknown key stays unknown. */
    public static Sighting touched(String moduleKey, Instant at) {
        return new Sighting(moduleKey, null, at);
    }

    /**
     * Two sightings of the same key as one, as if written one after the other: a registration beats a
     * touch, SIMULATED beats REAL (the simulator knows its modules are virtual; the gateway side registers
     * every module as REAL), and the later time wins.
     */
    public Sighting merge(Sighting other) {
        if (!moduleKey.equals(other.moduleKey)) {
            throw new IllegalArgumentException("Different keys: " + moduleKey + ", " + other.moduleKey);
        }
        return new Sighting(moduleKey, stronger(kind, other.kind), at.isAfter(other.at) ? at : other.at);
    }

    private static ModuleKind stronger(ModuleKind a, ModuleKind b) {
        if (a == ModuleKind.SIMULATED || b == ModuleKind.SIMULATED) {
            return ModuleKind.SIMULATED;
        }
        return a != null ? a : b;
    }
}
