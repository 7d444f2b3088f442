package dev.fleetgateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.SessionState;

class TopSessionsTests {

    static FleetStats.Entry entry(String id, long bytesIn, long buffered) {
        return new FleetStats.Entry(id, "key-" + id, Direction.INBOUND, SessionState.OPEN, null, bytesIn, 0, 1, 0,
                buffered, 0, Instant.EPOCH);
    }

    @Test
    void keepsTheLargestLargestFirst() {
        TopSessions top = new TopSessions(3, FleetStats.Entry::bytesIn);
        for (int i = 0; i < 1_000; i++) {
            top.offer(entry("s" + i, (i * 7919L) % 1_000, 0));
        }
        assertThat(top.result()).extracting(FleetStats.Entry::bytesIn).containsExactly(999L, 998L, 997L);
    }

    @Test
    void breaksTiesBySessionIdAndReturnsFewerWhenThereAreFewer() {
        TopSessions top = new TopSessions(5, FleetStats.Entry::bufferedBytes);
        top.offer(entry("b", 0, 10));
        top.offer(entry("a", 0, 10));
        top.offer(entry("c", 0, 20));
        assertThat(top.result()).extracting(FleetStats.Entry::sessionId).containsExactly("c", "a", "b");
    }
}
