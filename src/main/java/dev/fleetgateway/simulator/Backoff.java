package dev.fleetgateway.simulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays as module firmware computes them: exponential from {@code initial} up to {@code max},
 * each spread by a random ± {@code jitter} fraction so a fleet that lost its server does not return in lockstep.
 */
record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    long delayNanos(int attempt) {
        double base = initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 62));
        double capped = Math.min(base, max.toNanos());
        double spread = jitter <= 0 ? 0 : ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        return Math.max(0, (long) (capped * (1 + spread)));
    }

    /** A random draw of an exponential distribution with this mean, for random disconnects. */
    static long exponentialNanos(Duration mean) {
        double u = ThreadLocalRandom.current().nextDouble();
        return (long) (-Math.log(1 - u) * mean.toNanos());
    }
}
