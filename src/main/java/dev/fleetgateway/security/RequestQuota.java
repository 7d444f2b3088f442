package dev.fleetgateway.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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
    private final Map<String, Bucket> buckets;

    RequestQuota(SecurityProperties props) {
        this.limit = props.rateLimit();
        int tracked = limit.tracked();
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > tracked;
            }
        };
    }

    /** Takes one request from the caller's bucket: zero when allowed, else how long until the next is. */
    public Duration take(String caller) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(caller, c -> newBucket());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
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
