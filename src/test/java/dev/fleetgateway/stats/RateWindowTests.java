package dev.fleetgateway.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.session.SessionTotals;

class RateWindowTests {

    static SessionTotals totals(long n) {
        return new SessionTotals(n, n / 2, n * 100, n * 10, n * 4, n * 2);
    }

    @Test
    void ratesAreTheGrowthSinceTheOldestSamplePerSecond() {
        RateWindow w = new RateWindow(61);
        w.add(0, totals(0));
        w.add(1_000, totals(10));
        FleetStats.Rates r = w.ratesTo(2_000, totals(20));
        assertThat(r.windowSeconds()).isEqualTo(2.0);
        assertThat(r.connectsPerSecond()).isCloseTo(10.0, within(1e-9));
        assertThat(r.disconnectsPerSecond()).isCloseTo(5.0, within(1e-9));
        assertThat(r.bytesInPerSecond()).isCloseTo(1000.0, within(1e-9));
        assertThat(r.bytesOutPerSecond()).isCloseTo(100.0, within(1e-9));
        assertThat(r.framesInPerSecond()).isCloseTo(40.0, within(1e-9));
        assertThat(r.framesOutPerSecond()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void forgetsSamplesOlderThanItsCapacity() {
        RateWindow w = new RateWindow(3);
        w.add(0, totals(1_000));
        w.add(1_000, totals(0));
        w.add(2_000, totals(0));
        w.add(3_000, totals(0));
        FleetStats.Rates r = w.ratesTo(4_000, totals(30));
        assertThat(r.windowSeconds()).as("oldest kept sample is at 1 s").isEqualTo(3.0);
        assertThat(r.connectsPerSecond()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void reportsNoRateBeforeAnyTimeHasPassed() {
        RateWindow w = new RateWindow(3);
        assertThat(w.ratesTo(0, totals(5))).isEqualTo(FleetStats.Rates.NONE);
        w.add(5_000, totals(5));
        assertThat(w.ratesTo(5_000, totals(9))).isEqualTo(FleetStats.Rates.NONE);
    }
}
