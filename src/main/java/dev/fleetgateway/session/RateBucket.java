package dev.fleetgateway.session;

/**
 * A token bucket: {@code perSecond} tokens a second, at most one second's worth saved up, so a burst of
 * {@code perSecond} connects passes at once and a steady flood is cut to the rate. Zero means unlimited.
 */
final class RateBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long at;

    RateBucket(int perSecond, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.at = now;
    }

    /** Takes one token if there is one. */
    synchronized boolean tryTake(long now) {
        if (capacity <= 0) {
            return true;
        }
        tokens = Math.min(capacity, tokens + (now - at) * perNano);
        at = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket is full again (nothing to remember about this source). */
    synchronized boolean isFull(long now) {
        return capacity <= 0 || tokens + (now - at) * perNano >= capacity;
    }
}
