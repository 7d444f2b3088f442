package dev.fleetgateway.session;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.util.concurrent.EventExecutor;

import io.netty.util.concurrent.ScheduledFuture;

/**
 * A reader waiting in a {@link ReceiveBuffer}: a future completed by the next frame, by EOF or by its timer. A
 * reader that goes away cancels the future; the buffer then forgets it at once.
 */
abstract class ReadWaiter<T> {

    final CompletableFuture<T> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> timer;

    /** Answers the reader; false when it was answered already or gave up (its future was cancelled). */
    boolean complete(T result) {
        stopTimer();
        return future.complete(result);
    }

    /** Times the wait out after {@code millis}; a cancelled future (the reader gave up) goes to {@code gaveUp}. */
    void arm(EventExecutor timers, long millis, Runnable timeout, Consumer<ReadWaiter<?>> gaveUp) {
        timer = timers.schedule(timeout, millis, TimeUnit.MILLISECONDS);
        future.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                gaveUp.accept(this);
            }
        });
    }

    void stopTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** A destructive {@code recv} of up to {@code max} bytes. */
    static final class Recv extends ReadWaiter<RecvResult> {
        final int max;

        Recv(int max) {
            this.max = max;
        }
    }

    /** A cursor read of up to {@code limit} frames after {@code after}. */
    static final class Cursor extends ReadWaiter<FrameBatch> {
        final long after;
        final int limit;

        Cursor(long after, int limit) {
            this.after = after;
            this.limit = limit;
        }
    }
}
