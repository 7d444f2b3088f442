package dev.fleetgateway.simulator;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import dev.fleetgateway.usocket.Backoff;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;

/**
 * The faults of a cellular link for one connection: random drops (exponential gaps) and the carrier NAT that
 * forgets a silent mapping. Timers on the module's event loop; a fault resets the connection (RST) so both
 * ends notice at once, where a real NAT lets the server find out only by its own keepalive.
 */
final class LinkFaults {

    /** Told when the link fails, to count it. */
    interface Sink {
        void dropped(SimSocket socket, OsError cause);
    }

    private final EventLoop loop;
    private final Realism realism;
    private final Sink sink;
    private long lastActivity;
    private ScheduledFuture<?> dropTimer;
    private ScheduledFuture<?> idleTimer;

    LinkFaults(EventLoop loop, Realism realism, Sink sink) {
        this.loop = loop;
        this.realism = realism;
        this.sink = sink;
    }

    /** Traffic either way keeps the NAT mapping alive. */
    void activity() {
        lastActivity = System.nanoTime();
    }

    void arm(SimSocket s) {
        disarm();
        activity();
        if (realism.meanTimeBetweenDrops() != null) {
            dropTimer = loop.schedule(() -> drop(s, "simulated cell drop"),
                    Backoff.exponentialNanos(realism.meanTimeBetweenDrops()), TimeUnit.NANOSECONDS);
        }
        if (realism.natIdleTimeout() != null) {
            armIdleCheck(s, realism.natIdleTimeout().toNanos());
        }
    }

    void disarm() {
        if (dropTimer != null) {
            dropTimer.cancel(false);
        }
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
    }

    private void armIdleCheck(SimSocket s, long delayNanos) {
        idleTimer = loop.schedule(() -> {
            long limit = realism.natIdleTimeout().toNanos();
            long idle = System.nanoTime() - lastActivity;
            if (idle >= limit) {
                drop(s, "NAT mapping expired after " + idle / 1_000_000 + " ms idle");
            } else {
                armIdleCheck(s, limit - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void drop(SimSocket s, String why) {
        if (s.isEstablished()) {
            OsError cause = new OsError(Errno.ECONNRESET, why);
            sink.dropped(s, cause);
            s.abort(cause);
        }
    }
}
