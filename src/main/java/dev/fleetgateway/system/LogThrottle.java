package dev.fleetgateway.system;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Lets at most {@code lines} log lines through per window, so that a storm cannot flood the log; the first line let
 * through after some were held back says how many ({@code [N similar lines suppressed]}). The default, one line per
 * half minute, suits warnings that repeat.
 */
public final class LogThrottle {

    private static final Duration WARNING_WINDOW = Duration.ofSeconds(30);

    private final Logger log;
    private final int lines;
    private final long window;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int used;
    private long suppressed;

    /** One line per half minute. */
    public LogThrottle(Logger log) {
        this(log, 1, WARNING_WINDOW);
    }

    /** At most {@code lines} lines per {@code window}. */
    public LogThrottle(Logger log, int lines, Duration window) {
        this(log, lines, window, System::nanoTime);
    }

    /** With a clock of its own (tests). */
    public LogThrottle(Logger log, int lines, Duration window, LongSupplier nanoTime) {
        if (lines < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a throttle needs lines >= 1 and a positive window");
        }
        this.log = log;
        this.lines = lines;
        this.window = window.toNanos();
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong() - this.window;
    }

    public void warn(String message, Object... args) {
        emit(Level.WARN, message, args);
    }

    public void info(String message, Object... args) {
        emit(Level.INFO, message, args);
    }

    /** Lines held back so far and not yet reported by a line that passed. */
    public synchronized long suppressed() {
        return suppressed;
    }

    private void emit(Level level, String message, Object[] args) {
        if (!log.isEnabledForLevel(level)) {
            return; // nothing to throttle: the level is off
        }
        long held;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - windowStart >= window) {
                windowStart = now;
                used = 0;
            }
            if (used >= lines) {
                suppressed++;
                return;
            }
            used++;
            held = suppressed;
            suppressed = 0;
        }
        // Logged outside the lock: the appender may take its time, the counters do not wait for it.
        if (held == 0) {
            log.atLevel(level).log(message, args);
        } else {
            // the count goes before a trailing exception, which SLF4J prints as a stack trace
            int at = args.length > 0 && args[args.length - 1] instanceof Throwable ? args.length - 1 : args.length;
            Object[] more = Arrays.copyOf(args, args.length + 1);
            System.arraycopy(args, at, more, at + 1, args.length - at);
            more[at] = held;
            log.atLevel(level).log(message + " [{} similar lines suppressed]", more);
        }
    }
}
