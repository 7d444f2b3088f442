package dev.fleetgateway.outbox;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

import dev.fleetgateway.system.FleetException;

/**
 * Whether a downlink may wait in the outbox, and for how long.
 *
 * @param queue queue it when the module is offline
 * @param ttl time-to-live in the outbox (only when queueing)
 */
public record SendOptions(boolean queue, Duration ttl) {

    public static final SendOptions NOW_ONLY = new SendOptions(false, null);

    /**
     * Reads {@code queue} and {@code ttl} as the API takes them ({@code ttl} like {@code 10m}, {@code 300ms}
     * or ISO-8601; a ttl implies queueing): 400 for a malformed, non-positive or too long ttl.
     */
    public static SendOptions parse(Boolean queue, String ttl, OutboxProperties outbox) {
        if (ttl == null || ttl.isBlank()) {
            return Boolean.TRUE.equals(queue) ? new SendOptions(true, outbox.defaultTtl()) : NOW_ONLY;
        }
        Duration d;
        try {
            d = DurationStyle.detectAndParse(ttl.trim());
        } catch (IllegalArgumentException e) {
            throw FleetException.invalid("validation", "Invalid parameter",
                    "ttl must be a duration like 300ms, 10m, 24h or PT10M, got '" + ttl + "'")
                    .with("errors", java.util.List.of(java.util.Map.of("field", "ttl", "message", "invalid duration")));
        }
        if (d.isNegative() || d.isZero()) {
            throw FleetException.invalid("validation", "Invalid parameter", "ttl must be positive, got '" + ttl + "'")
                    .with("errors", java.util.List.of(java.util.Map.of("field", "ttl", "message", "must be positive")));
        }
        if (d.compareTo(outbox.maxTtl()) > 0) {
            throw FleetException.invalid("ttl-too-long", "TTL too long", "ttl " + ttl + " exceeds the limit of "
                    + outbox.maxTtl() + " (gateway.outbox.max-ttl)")
                    .with("errors", java.util.List.of(java.util.Map.of("field", "ttl", "message", "too long")));
        }
        return new SendOptions(true, d);
    }
}
