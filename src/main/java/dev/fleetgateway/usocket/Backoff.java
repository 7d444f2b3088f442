package dev.fleetgateway.usocket;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays as module firmware computes them: exponential from {@code initial} up to {@code max}, each
 * spread by a random ± {@code jitter} fraction so a fleet that lost its server does not return in lockstep.
 * Used by the gateway's redialling sessions and by the simulator's reconnect loops.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /** The delay before retry {@code attempt} (0 for the first retry). */
    public long delayNanos(int attempt) {
        return delayNanos(attempt, ThreadLocalRandom.current());
    }

    /** Like {@link #delayNanos(int)}, with the given source of randomness. */
    public long delayNanos(int attempt, RandomGenerator random) {
        double base = initial.toNanos() * Math.pow(multiplier, Math.min(Math.max(attempt, 0), 62));
        double capped = Math.min(base, max.toNanos());
        double spread = jitter <= 0 ? 0 : (random.nextDouble() * 2 - 1) * jitter;
        return Math.max(0, (long) (capped * (1 + spread)));
    }

    /** A random draw of an exponential distribution with this mean, for random disconnects. */
    public static long exponentialNanos(Duration mean) {
        double u = ThreadLocalRandom.current().nextDouble();
        return (long) (-Math.log(1 - u) * mean.toNanos());
    }
}
