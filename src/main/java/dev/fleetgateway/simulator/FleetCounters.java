package dev.fleetgateway.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import dev.fleetgateway.usocket.Errno;

/**
 * Counters of one fleet, written from many event loops: adders and a concurrent histogram, no locks. The
 * histogram has a fixed range (1 µs to 10 min, 2 significant digits), so its memory is bounded.
 */
final class FleetCounters {

    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    final LongAdder framesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder framesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder drops = new LongAdder();
    final LongAdder reconnectAttempts = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    private final Map<Errno, LongAdder> errors = new ConcurrentHashMap<>();
    private final Histogram connectLatency = new ConcurrentHistogram(1, MAX_LATENCY_MICROS, 2);

    /** Adds another fleet's totals (traffic and connection counters) to these. */
    void absorb(FleetCounters other) {
        framesSent.add(other.framesSent.sum());
        bytesSent.add(other.bytesSent.sum());
        framesReceived.add(other.framesReceived.sum());
        bytesReceived.add(other.bytesReceived.sum());
        connects.add(other.connects.sum());
        drops.add(other.drops.sum());
    }

    void error(Errno errno) {
        errors.computeIfAbsent(errno, e -> new LongAdder()).increment();
    }

    void connected(long latencyNanos) {
        connects.increment();
        long micros = Math.max(1, Math.min(MAX_LATENCY_MICROS, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
        connectLatency.recordValue(micros);
    }

    Map<Errno, Long> errors() {
        Map<Errno, Long> out = new EnumMap<>(Errno.class);
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Connect latency percentile in milliseconds (0 when nothing was recorded). */
    double latencyMillis(double percentile) {
        if (connectLatency.getTotalCount() == 0) {
            return 0;
        }
        return connectLatency.getValueAtPercentile(percentile) / 1000.0;
    }

    long latencyCount() {
        return connectLatency.getTotalCount();
    }

    double maxLatencyMillis() {
        return connectLatency.getTotalCount() == 0 ? 0 : connectLatency.getMaxValue() / 1000.0;
    }
}
