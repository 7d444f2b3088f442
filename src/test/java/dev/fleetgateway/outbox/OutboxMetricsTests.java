package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** When the outbox counts as known to be empty, so that a module coming online costs no query. */
class OutboxMetricsTests {

    final OutboxMetrics metrics = new OutboxMetrics(new SimpleMeterRegistry());

    @Test
    void mayHoldMessagesUntilTheDatabaseWasCountedOnce() {
        assertThat(metrics.mayHaveQueued()).as("after a restart the table may hold messages").isTrue();
        metrics.resync(0, metrics.resyncStarts());
        assertThat(metrics.mayHaveQueued()).isFalse();
    }

    @Test
    void anEnqueueCountsUntilItsMessageLeavesTheQueue() {
        metrics.resync(0, metrics.resyncStarts());
        metrics.queued();
        assertThat(metrics.mayHaveQueued()).isTrue();
        metrics.delivered(Duration.ofMillis(5));
        assertThat(metrics.mayHaveQueued()).isFalse();
    }

    @Test
    void anEnqueueDuringAResyncIsNotHiddenByTheCountItRaced() {
        metrics.resync(0, metrics.resyncStarts());
        long mark = metrics.resyncStarts();
        metrics.queued(); // committed after the re-sync's count query had read the table
        metrics.resync(0, mark);
        assertThat(metrics.mayHaveQueued()).isTrue();

        metrics.resync(1, metrics.resyncStarts()); // the next sweep counts it
        assertThat(metrics.mayHaveQueued()).isTrue();
        metrics.resync(0, metrics.resyncStarts()); // and the one after finds it gone
        assertThat(metrics.mayHaveQueued()).isFalse();
    }
}
