package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IdleWheelTests {

    /** Entries' last activity (epoch ms); a missing entry is forgotten. Idle period 1,000 ms, tick 100 ms. */
    final Map<String, Long> lastActive = new HashMap<>();
    final List<String> expired = new ArrayList<>();

    IdleWheel<String> wheel(int maxPerTick) {
        return new IdleWheel<>(100, 1_000, (e, now) -> {
            Long t = lastActive.get(e);
            return t == null ? IdleWheel.FORGET : t + 1_000;
        }, expired::add, maxPerTick, 0);
    }

    void add(IdleWheel<String> w, String e, long now) {
        lastActive.put(e, now);
        w.add(e, now + 1_000);
    }

    @Test
    void expiresAnEntryOnceItsDeadlinePassesAndNotBefore() {
        IdleWheel<String> w = wheel(100);
        add(w, "silent", 0);
        w.advance(999);
        assertThat(expired).isEmpty();
        w.advance(1_200); // within two ticks of the deadline
        assertThat(expired).containsExactly("silent");
        assertThat(w.size()).isZero();
    }

    @Test
    void keepsAnEntryWhoseDeadlineMovedAndExpiresItWhenItStopsMoving() {
        IdleWheel<String> w = wheel(100);
        add(w, "talking", 0);
        for (long t = 0; t <= 5_000; t += 100) {
            lastActive.put("talking", t); // active every tick
            w.advance(t);
        }
        assertThat(expired).isEmpty();
        assertThat(w.size()).isEqualTo(1);
        for (long t = 5_100; t <= 6_200; t += 100) {
            w.advance(t);
        }
        assertThat(expired).containsExactly("talking");
    }

    @Test
    void forgetsEntriesWithoutExpiringThem() {
        IdleWheel<String> w = wheel(100);
        add(w, "gone", 0);
        lastActive.remove("gone");
        w.advance(2_000);
        assertThat(expired).isEmpty();
        assertThat(w.size()).isZero();
    }

    @Test
    void visitsAtMostMaxPerTickEntriesPerAdvanceAndCatchesUpLater() {
        IdleWheel<String> w = wheel(10);
        for (int i = 0; i < 35; i++) {
            add(w, "e" + i, 0);
        }
        assertThat(w.advance(1_100)).isEqualTo(10);
        assertThat(expired).hasSize(10);
        assertThat(w.advance(1_200)).isEqualTo(10);
        assertThat(w.advance(1_300)).isEqualTo(10);
        assertThat(w.advance(1_400)).isEqualTo(5);
        assertThat(expired).hasSize(35).doesNotHaveDuplicates();
        assertThat(w.advance(1_500)).isZero();
    }

    @Test
    void deadlinesBeyondOneRevolutionAreKeptUntilTheyPass() {
        IdleWheel<String> w = new IdleWheel<>(100, 1_000, (e, now) -> 10_000, expired::add, 100, 0);
        w.add("far", 10_000);
        for (long t = 0; t < 10_000; t += 100) {
            w.advance(t);
        }
        assertThat(expired).isEmpty();
        w.advance(10_200);
        assertThat(expired).containsExactly("far");
    }
}
