package dev.fleetgateway.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Two sightings of one key merge as if they had been written one after the other. */
class SightingTests {

    static final Instant EARLY = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant LATE = Instant.parse("2026-03-01T10:00:01Z");

    @Test
    void aRegistrationBeatsATouchAndTheLaterTimeWins() {
        Sighting merged = Sighting.touched("k", LATE).merge(Sighting.registered("k", ModuleKind.REAL, EARLY));
        assertThat(merged).isEqualTo(new Sighting("k", ModuleKind.REAL, LATE));
    }

    @Test
    void simulatedBeatsRealWhicheverCameFirst() {
        assertThat(Sighting.registered("k", ModuleKind.SIMULATED, EARLY)
                .merge(Sighting.registered("k", ModuleKind.REAL, LATE)).kind()).isEqualTo(ModuleKind.SIMULATED);
        assertThat(Sighting.registered("k", ModuleKind.REAL, EARLY)
                .merge(Sighting.registered("k", ModuleKind.SIMULATED, LATE)).kind()).isEqualTo(ModuleKind.SIMULATED);
    }

    @Test
    void twoTouchesStayATouch() {
        assertThat(Sighting.touched("k", EARLY).merge(Sighting.touched("k", LATE)))
                .isEqualTo(Sighting.touched("k", LATE));
    }

    @Test
    void refusesToMergeDifferentKeys() {
        assertThatThrownBy(() -> Sighting.touched("a", EARLY).merge(Sighting.touched("b", EARLY)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
