package dev.fleetgateway.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.session.SessionTotals;

/**
 * Connects, disconnects and traffic per second over the last minutes, one sample per tick, for the overview
 * charts. A bounded ring: {@link ConsoleProperties#samples()} entries.
 */
@Component
public class TrafficHistory {

    /**
     * One tick: when (epoch seconds) and the rates since the tick before.
     *
     * @param live sessions in the live table at the time
     */
    public record Sample(long at, double connectsPerSecond, double disconnectsPerSecond, double bytesInPerSecond,
            double bytesOutPerSecond, int live) {
    }

    private final SessionRegistry sessions;
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private SessionTotals last;
    private long lastMillis;

    TrafficHistory(SessionRegistry sessions, ConsoleProperties props) {
        this.sessions = sessions;
        this.capacity = props.samples();
        this.last = sessions.totals();
        this.lastMillis = System.currentTimeMillis();
    }

    @Scheduled(fixedRateString = "${gateway.console.tick:2s}", timeUnit = TimeUnit.MILLISECONDS)
    void sample() {
        long now = System.currentTimeMillis();
        SessionTotals t = sessions.totals();
        Sample s;
        synchronized (this) {
            double seconds = Math.max(0.001, (now - lastMillis) / 1000.0);
            s = new Sample(now / 1000, (t.opened() - last.opened()) / seconds, (t.closed() - last.closed()) / seconds,
                    (t.bytesIn() - last.bytesIn()) / seconds, (t.bytesOut() - last.bytesOut()) / seconds,
                    sessions.liveCount());
            last = t;
            lastMillis = now;
            samples.addLast(s);
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }
    }

    /** The samples, oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** The newest sample, or null before the first tick. */
    public synchronized Sample latest() {
        return samples.peekLast();
    }
}
