package dev.fleetgateway.session;

import java.util.concurrent.CompletableFuture;

import io.netty.util.concurrent.ScheduledFuture;

/** A reader waiting in a {@link ReceiveBuffer}: a future completed by the next frame, by EOF or by its timer. */
abstract class ReadWaiter<T> {

    final CompletableFuture<T> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> timer;

    void complete(T result) {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        future.complete(result);
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
