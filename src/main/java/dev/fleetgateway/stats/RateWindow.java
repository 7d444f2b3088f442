package dev.fleetgateway.stats;

import dev.fleetgateway.session.SessionTotals;

/**
 * A fixed ring of timestamped totals samples: rates over the window are the difference between the newest
 * totals and the oldest sample, divided by the time between them. Bounded by its capacity.
 */
final class RateWindow {

    private final long[] at;
    private final SessionTotals[] totals;
    private int next;
    private int size;

    RateWindow(int capacity) {
        this.at = new long[capacity];
        this.totals = new SessionTotals[capacity];
    }

    synchronized void add(long atMillis, SessionTotals sample) {
        at[next] = atMillis;
        totals[next] = sample;
        next = (next + 1) % at.length;
        size = Math.min(size + 1, at.length);
    }

    /** Rates from the oldest sample to {@code now}; all zero until one sample older than now exists. */
    synchronized FleetStats.Rates ratesTo(long nowMillis, SessionTotals now) {
        if (size == 0) {
            return FleetStats.Rates.NONE;
        }
        int oldest = (next - size + at.length) % at.length;
        double seconds = (nowMillis - at[oldest]) / 1000.0;
        if (seconds <= 0) {
            return FleetStats.Rates.NONE;
        }
        SessionTotals then = totals[oldest];
        return new FleetStats.Rates(seconds,
                (now.framesIn() - then.framesIn()) / seconds, (now.framesOut() - then.framesOut()) / seconds,
                (now.bytesIn() - then.bytesIn()) / seconds, (now.bytesOut() - then.bytesOut()) / seconds,
                (now.opened() - then.opened()) / seconds, (now.closed() - then.closed()) / seconds);
    }
}
