package dev.fleetgateway.system;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/** Lets a warning through at most once per half minute, so that a storm cannot flood the log. */
public final class LogThrottle {

    private static final long EVERY = TimeUnit.SECONDS.toNanos(30);

    private final Logger log;
    private final AtomicLong last = new AtomicLong(System.nanoTime() - EVERY);

    public LogThrottle(Logger log) {
        this.log = log;
    }

    public void warn(String message, Object... args) {
        long now = System.nanoTime();
        long prev = last.get();
        if (now - prev >= EVERY && last.compareAndSet(prev, now)) {
            log.warn(message, args);
        }
    }
}
