package dev.fleetgateway.simulator;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;

/**
 * Downlinks of one virtual socket waiting for {@code recv}, and the {@code recv} calls waiting for downlinks.
 * Confined to the socket's event loop: no locks; waiters are futures with a timer, never parked threads.
 */
final class DownlinkBuffer {

    private final EventLoop loop;
    private final int capacity;
    private final int maxWaiters;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int headOffset;
    private int size;
    private boolean eof;
    private OsError failure;

    private static final class Waiter {
        final int max;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        ScheduledFuture<?> timer;

        Waiter(int max) {
            this.max = max;
        }
    }

    DownlinkBuffer(EventLoop loop, int capacity, int maxWaiters) {
        this.loop = loop;
        this.capacity = capacity;
        this.maxWaiters = maxWaiters;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= capacity;
    }

    /** Adds a downlink; the caller stops reading the socket while {@link #isFull()}. */
    void add(byte[] data) {
        if (data.length == 0 || eof || failure != null) {
            return;
        }
        chunks.addLast(data);
        size += data.length;
        serveWaiters();
    }

    /** The peer closed its side: waiting and later {@code recv} calls get {@code b''} once the data is read. */
    void endOfStream() {
        eof = true;
        serveWaiters();
    }

    /** The socket failed or was closed locally: pending and later calls fail with this error. */
    void fail(OsError error) {
        if (failure == null) {
            failure = error;
        }
        if (error.errno() == Errno.EBADF) {
            // close() discards unread data, as the module's stack does
            chunks.clear();
            size = 0;
            headOffset = 0;
        }
        serveWaiters();
    }

    /**
     * {@code recv(max)}: up to {@code max} bytes as soon as any are there. {@code timeoutNanos} 0 is a
     * non-blocking socket (EAGAIN when empty), negative waits without a timer.
     */
    CompletableFuture<byte[]> take(int max, long timeoutNanos) {
        if (size > 0 || eof || failure != null) {
            if (waiters.isEmpty()) {
                return readyResult(max);
            }
        } else if (timeoutNanos == 0) {
            return CompletableFuture.failedFuture(new OsError(Errno.EAGAIN, "no data available"));
        }
        if (waiters.size() >= maxWaiters) {
            return CompletableFuture.failedFuture(new FleetException(FleetException.Kind.TOO_MANY,
                    "too-many-receivers", "Too many waiting receivers",
                    "at most " + maxWaiters + " recv calls may wait on one module"));
        }
        Waiter w = new Waiter(max);
        waiters.addLast(w);
        if (timeoutNanos > 0) {
            w.timer = loop.schedule(() -> {
                if (waiters.remove(w)) {
                    w.future.completeExceptionally(new OsError(Errno.ETIMEDOUT, "recv timed out"));
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        return w.future;
    }

    /** Gives up every waiting {@code recv} (the module stops or is taken over). */
    void cancelWaiters(OsError error) {
        while (!waiters.isEmpty()) {
            Waiter w = waiters.pollFirst();
            cancelTimer(w);
            w.future.completeExceptionally(error);
        }
    }

    private void serveWaiters() {
        while (!waiters.isEmpty() && (size > 0 || eof || failure != null)) {
            Waiter w = waiters.pollFirst();
            cancelTimer(w);
            readyResult(w.max).whenComplete((data, ex) -> {
                if (ex != null) {
                    w.future.completeExceptionally(ex);
                } else {
                    w.future.complete(data);
                }
            });
        }
    }

    private static void cancelTimer(Waiter w) {
        if (w.timer != null) {
            w.timer.cancel(false);
        }
    }

    private CompletableFuture<byte[]> readyResult(int max) {
        if (size > 0) {
            return CompletableFuture.completedFuture(drain(max));
        }
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        return CompletableFuture.completedFuture(new byte[0]);
    }

    private byte[] drain(int max) {
        byte[] out = new byte[Math.min(max, size)];
        int filled = 0;
        while (filled < out.length) {
            byte[] head = chunks.peekFirst();
            int n = Math.min(head.length - headOffset, out.length - filled);
            System.arraycopy(head, headOffset, out, filled, n);
            filled += n;
            headOffset += n;
            if (headOffset == head.length) {
                chunks.pollFirst();
                headOffset = 0;
            }
        }
        size -= filled;
        return out;
    }
}
