package dev.fleetgateway.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The per-caller request quota: one Bucket4j token bucket per key name, refilled greedily at
 * {@code requests-per-second} up to {@code burst}. Buckets of the least recently seen callers are dropped past
 * {@code tracked}, so the table stays bounded (a dropped caller starts again with a full bucket).
 */
@Component
public class RequestQuota {

    private final SecurityProperties.RateLimit limit;
    // Read without a lock on every request (issue 18: one lock taken by every API call was contended by all request
    // threads); only a caller not yet tracked takes the lock, to insert its bucket and drop the least recently seen.
    private final ConcurrentHashMap<String, Tracked> buckets = new ConcurrentHashMap<>();

    /** A caller's bucket and when it was last seen (System.nanoTime), for dropping the least recently seen. */
    private static final class Tracked {
        final Bucket bucket;
        volatile long seen;

        Tracked(Bucket bucket, long seen) {
            this.bucket = bucket;
            this.seen = seen;
        }
    }

    RequestQuota(SecurityProperties props) {
        this.limit = props.rateLimit();
    }

    /** Takes one request from the caller's bucket: zero when allowed, else how long until the next is. */
    public Duration take(String caller) {
        long now = System.nanoTime();
        Tracked t = buckets.get(caller);
        if (t == null) {
            t = admit(caller, now);
        } else {
            t.seen = now;
        }
        ConsumptionProbe probe = t.bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    /** How many callers' buckets are kept now. */
    int trackedCount() {
        return buckets.size();
    }

    private synchronized Tracked admit(String caller, long now) {
        Tracked t = buckets.get(caller);
        if (t != null) {
            t.seen = now;
            return t;
        }
        if (buckets.size() >= limit.tracked()) {
            // a scan, only when a new caller arrives with the table full
            String eldest = null;
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<String, Tracked> e : buckets.entrySet()) {
                if (eldest == null || e.getValue().seen - oldest < 0) {
                    eldest = e.getKey();
                    oldest = e.getValue().seen;
                }
            }
            buckets.remove(eldest);
        }
        t = new Tracked(newBucket(), now);
        buckets.put(caller, t);
        return t;
    }

    /** The quota as written in settings, for the problem's detail. */
    public String describe() {
        return limit.requestsPerSecond() + " requests/s, bursts of " + limit.burst();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)).build())
                .build();
    }
}
