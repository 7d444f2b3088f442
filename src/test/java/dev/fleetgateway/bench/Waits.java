package dev.fleetgateway.bench;

import java.util.concurrent.Callable;

/** Polling a server's counters until they reach a value (or stop moving). */
public final class Waits {

    private Waits() {
    }

    /** Polls until {@code value >= goal}; returns the time it was first seen there, or -1 on timeout. */
    public static long until(Callable<Long> value, long goal, long timeoutMillis, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (value.call() >= goal) {
                return System.nanoTime();
            }
            Thread.sleep(pollMillis);
        }
        return -1;
    }

    /** Polls until the value has not changed for {@code quietMillis}; returns the last value. */
    public static long settle(Callable<Long> value, long quietMillis, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        long last = value.call();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long v = value.call();
            if (v != last) {
                last = v;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= quietMillis * 1_000_000) {
                break;
            }
        }
        return last;
    }
}
