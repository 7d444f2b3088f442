package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A subscriber's queue is bounded: overflowing it releases the subscriber once; a heartbeat never does. */
class BoundedSseSubscriberTests {

    // the writer never runs: the queue only fills
    private final List<Runnable> pendingDrains = new ArrayList<>();
    private final AtomicInteger overflows = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();

    private BoundedSseSubscriber subscriber(int capacity) {
        return new BoundedSseSubscriber(capacity, pendingDrains::add, () -> {
            overflows.incrementAndGet();
            return SseEmitter.event().name("dropped").data("too slow");
        }, releases::incrementAndGet);
    }

    @Test
    void releasesASubscriberThatFallsBehindOnceAndIgnoresLaterEvents() {
        BoundedSseSubscriber sub = subscriber(2);
        sub.offer("a", "1");
        sub.offer("b", "2");
        assertThat(sub.isReleased()).isFalse();

        sub.offer("c", "3");
        sub.offer("d", "4");

        assertThat(sub.isReleased()).isTrue();
        assertThat(overflows).hasValue(1);
        assertThat(releases).hasValue(1);
        assertThat(pendingDrains).as("one drain at a time").hasSize(1);
    }

    @Test
    void aHeartbeatThatFindsTheQueueFullIsSkippedNotCountedAsSlowness() {
        BoundedSseSubscriber sub = subscriber(1);
        sub.offer("a", "1");
        sub.offerComment("keepalive");

        assertThat(sub.isReleased()).isFalse();
        assertThat(overflows).hasValue(0);
    }

    @Test
    void aWriterPoolThatRefusesWorkLeavesTheSubscriberUsable() {
        BoundedSseSubscriber sub = new BoundedSseSubscriber(4, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, () -> null, releases::incrementAndGet);
        sub.offer("a", "1");
        sub.finish();

        assertThat(sub.isReleased()).isFalse();
    }
}
