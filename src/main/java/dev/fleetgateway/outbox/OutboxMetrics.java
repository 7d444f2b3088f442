package dev.fleetgateway.outbox;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Meters of the outbox. The queued gauge reads a counter kept by the store (and re-synced by each sweep)
 * so that a scrape never queries the database; the same counter lets delivery skip the database when
 * nothing can be queued. Tags are outcomes only, never a module key.
 */
@Component
class OutboxMetrics {

    private final AtomicLong queued = new AtomicLong();
    /** Enqueues ever counted; guarded by this, like every change of {@code queued}. */
    private long enqueues;
    private volatile boolean synced;
    private final Map<OutboxState, Counter> outcomes = new EnumMap<>(OutboxState.class);
    private final Counter rejected;
    private final Timer delay;

    OutboxMetrics(MeterRegistry registry) {
        Gauge.builder("fleet.outbox.queued", queued, AtomicLong::get)
                .description("Downlinks waiting in the outbox").register(registry);
        for (OutboxState s : OutboxState.values()) {
            if (!s.isWaiting()) {
                outcomes.put(s, Counter.builder("fleet.outbox.messages").description("Outbox messages settled")
                        .tag("outcome", s.name().toLowerCase()).register(registry));
            }
        }
        rejected = Counter.builder("fleet.outbox.rejected")
                .description("Downlinks refused because the module's outbox was full").register(registry);
        delay = Timer.builder("fleet.outbox.delivery.delay")
                .description("Time from queueing a downlink to its delivery")
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofDays(1)).register(registry);
    }

    synchronized void queued() {
        enqueues++;
        queued.incrementAndGet();
    }

    /**
     * False only when the outbox is known to be empty: the queued count has been read from the database
     * since start and nothing is counted as queued now.
     */
    boolean mayHaveQueued() {
        return !synced || queued.get() > 0;
    }

    /** Marks the start of a re-sync: call before reading the queued count from the database. */
    synchronized long resyncStarts() {
        return enqueues;
    }

    void rejected() {
        rejected.increment();
    }

    /** Counts messages that left the QUEUED state. */
    synchronized void settled(OutboxState outcome, int count) {
        if (count > 0) {
            outcomes.get(outcome).increment(count);
            queued.updateAndGet(n -> Math.max(0, n - count));
        }
    }

    void delivered(Duration sinceQueued) {
        settled(OutboxState.DELIVERED, 1);
        delay.record(sinceQueued);
    }

    /**
     * Sets the queued count read from the database by a re-sync that began at {@code mark}. Enqueues counted
     * since then may be missing from the count (committed after the query read the table) or be in it
     * already; they are added again, so the count errs high (a module coming online still looks) until the
     * next sweep, never low.
     */
    synchronized void resync(long queuedInDatabase, long mark) {
        queued.set(queuedInDatabase + (enqueues - mark));
        synced = true;
    }
}
