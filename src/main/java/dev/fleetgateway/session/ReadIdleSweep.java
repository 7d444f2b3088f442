package dev.fleetgateway.session;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * {@code read-idle}: closes a session (IDLE_TIMEOUT) when nothing came for that long while the gateway was reading.
 * A socket paused by back-pressure (auto-read off: the receive buffer is full) is the gateway not reading, not the
 * module being idle, so the clock stops while paused and starts afresh when reading resumes. One {@link IdleWheel}
 * per event loop, ticked by one periodic task on that loop, replaces a handler and a scheduled task per channel
 * (issue 18); the wheel only reads the time of the session's last read, which each completed read sets.
 */
final class ReadIdleSweep {

    /** Channels one tick visits at most; the rest wait for the next tick. */
    static final int MAX_PER_TICK = 20_000;

    private final long idleMillis;
    private final long tickMillis;
    private final ConcurrentHashMap<EventLoop, IdleWheel<Channel>> wheels = new ConcurrentHashMap<>();

    ReadIdleSweep(Duration idle) {
        this.idleMillis = idle.toMillis();
        // About 1/32 of the period: a silent module is closed at most two ticks late.
        this.tickMillis = Math.max(10, Math.min(1_000, idleMillis / 32));
    }

    /** Starts the clock of a new channel (on its event loop; the session is attached or attaches on connect). */
    void watch(Channel ch) {
        if (idleMillis <= 0) {
            return;
        }
        EventLoop loop = ch.eventLoop();
        long now = System.currentTimeMillis();
        wheels.computeIfAbsent(loop, l -> start(l, now)).add(ch, now + idleMillis);
    }

    private IdleWheel<Channel> start(EventLoop loop, long now) {
        IdleWheel<Channel> wheel = new IdleWheel<>(tickMillis, idleMillis, this::deadline, ReadIdleSweep::idle,
                MAX_PER_TICK, now);
        loop.scheduleAtFixedRate(() -> wheel.advance(System.currentTimeMillis()), tickMillis, tickMillis,
                TimeUnit.MILLISECONDS);
        return wheel;
    }

    private long deadline(Channel ch, long now) {
        if (!ch.isOpen()) {
            return IdleWheel.FORGET;
        }
        ModuleSession s = ch.attr(ModuleSession.ATTR).get();
        if (s == null || !ch.isActive() || !ch.config().isAutoRead()) {
            // Not connected yet, or paused: the clock does not run (resuming sets the last read).
            return now + idleMillis;
        }
        return s.lastReadMillis() + idleMillis;
    }

    private static void idle(Channel ch) {
        ModuleSession s = ch.attr(ModuleSession.ATTR).get();
        if (s != null) {
            s.close(CloseReason.IDLE_TIMEOUT);
        } else {
            ch.close();
        }
    }

    /** Channels watched on the given loop (tests). */
    int watched(EventLoop loop) {
        IdleWheel<Channel> w = wheels.get(loop);
        return w == null ? 0 : w.size();
    }
}
