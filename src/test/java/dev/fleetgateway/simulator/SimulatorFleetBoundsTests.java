package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.system.FleetException;

/** Every duration of a fleet request has a range: its ends are accepted, one step outside is refused. */
class SimulatorFleetBoundsTests {

    static FleetRequest telemetry(String interval, String jitter) {
        return new FleetRequest(null, 1, null, null, null, List.of(Profile.TELEMETRY),
                new FleetRequest.TelemetryRequest(interval, jitter, null), null, null, null, null, null, null, null, null);
    }

    static FleetRequest timing(String seedRecvTimeout, String rampUp, String connectTimeout) {
        return new FleetRequest(null, 1, null, null, null, null, null, null, seedRecvTimeout, null, null, null, rampUp,
                connectTimeout, null);
    }

    static FleetRequest realism(String latency, String latencyJitter, String drops, String nat, String initial,
            String max) {
        return new FleetRequest(null, 1, null, null, null, null, null, null, null, null, null,
                new FleetRequest.RealismRequest(latency, latencyJitter, drops, nat, true, initial, max, null, null, null),
                null, null, null);
    }

    static void refused(FleetRequest r, String field, String range) {
        assertThatThrownBy(() -> SimulatorFleetSpecTests.create(r)).isInstanceOfSatisfying(FleetException.class, e -> {
            assertThat(e.kind()).isEqualTo(FleetException.Kind.INVALID);
            assertThat(e.detail()).contains(field + " must be between " + range);
            assertThat(SimulatorFleetSpecTests.invalidFields(r)).containsExactly(field);
        });
    }

    @Test
    void telemetryIntervalIsBetweenTenMillisecondsAndOneDay() {
        refused(telemetry("1ns", null), "telemetry.interval", "10ms and 1d");
        refused(telemetry("9ms", null), "telemetry.interval", "10ms and 1d");
        refused(telemetry("25h", null), "telemetry.interval", "10ms and 1d");
        assertThat(SimulatorFleetSpecTests.create(telemetry("10ms", null)).telemetry().interval())
                .isEqualTo(Duration.ofMillis(10));
        assertThat(SimulatorFleetSpecTests.create(telemetry("1d", "23h")).telemetry().interval())
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void reconnectBackoffIsBetweenOneHundredMillisecondsAndOneHour() {
        refused(realism(null, null, null, null, "0s", null), "realism.backoffInitial", "100ms and 1h");
        refused(realism(null, null, null, null, "99ms", null), "realism.backoffInitial", "100ms and 1h");
        refused(realism(null, null, null, null, null, "61m"), "realism.backoffMax", "100ms and 1h");
        Realism ok = SimulatorFleetSpecTests.create(realism(null, null, null, null, "100ms", "1h")).realism();
        assertThat(ok.backoff().initial()).isEqualTo(Duration.ofMillis(100));
        assertThat(ok.backoff().max()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void linkFaultsAndLatenciesAreBounded() {
        refused(realism("301s", null, null, null, null, null), "realism.connectLatency", "0s and 5m");
        refused(realism(null, "6m", null, null, null, null), "realism.connectLatencyJitter", "0s and 5m");
        refused(realism(null, null, "1ms", null, null, null), "realism.meanTimeBetweenDrops", "100ms and 30d");
        refused(realism(null, null, "31d", null, null, null), "realism.meanTimeBetweenDrops", "100ms and 30d");
        refused(realism(null, null, null, "0s", null, null), "realism.natIdleTimeout", "100ms and 1d");
        Realism ok = SimulatorFleetSpecTests.create(realism("5m", "0s", "100ms", "1d", null, null)).realism();
        assertThat(ok.connectLatency()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ok.meanTimeBetweenDrops()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void scriptTimeoutsAndRampUpAreBounded() {
        refused(timing("1ns", null, null), "seedRecvTimeout", "100ms and 1h");
        refused(timing(null, "2h", null), "rampUp", "0s and 1h");
        refused(timing(null, null, "1ns"), "connectTimeout", "100ms and 5m");
        refused(timing(null, null, "6m"), "connectTimeout", "100ms and 5m");
        FleetSpec ok = SimulatorFleetSpecTests.create(timing("100ms", "1h", "5m"));
        assertThat(ok.seedRecvTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(ok.connectTimeout()).isEqualTo(Duration.ofMinutes(5));
    }
}
