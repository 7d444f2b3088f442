package dev.fleetgateway.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.fleetgateway.system.FleetException;

/**
 * The readers waiting on one {@link ReceiveBuffer}, in arrival order; at most {@link #MAX} at once. Guarded by
 * the buffer's lock; the collections exist only while somebody waits (no allocation per idle session).
 */
final class ReadWaiters {

    static final int MAX = 256;

    /** What serving a waiter needs from the buffer, called under its lock. */
    interface Source {
        boolean hasBytes();

        boolean eof();

        /** Takes up to {@code max} bytes (there are some). */
        RecvResult take(int max);

        FrameBatch snapshot(long after, int limit);
    }

    private ArrayDeque<ReadWaiter.Recv> recv;
    private List<ReadWaiter.Cursor> cursor;

    /** The failure of a read that would be waiter number {@link #MAX} + 1. */
    static FleetException full() {
        return new FleetException(FleetException.Kind.TOO_MANY, "too-many-readers", "Too many readers",
                "Too many readers are waiting on this session (at most " + MAX + ")");
    }

    int count() {
        return (recv == null ? 0 : recv.size()) + (cursor == null ? 0 : cursor.size());
    }

    boolean any() {
        return recv != null || cursor != null;
    }

    ReadWaiter.Recv addRecv(int max) {
        if (recv == null) {
            recv = new ArrayDeque<>(2);
        }
        ReadWaiter.Recv w = new ReadWaiter.Recv(max);
        recv.addLast(w);
        return w;
    }

    ReadWaiter.Cursor addCursor(long after, int limit) {
        if (cursor == null) {
            cursor = new ArrayList<>(2);
        }
        ReadWaiter.Cursor w = new ReadWaiter.Cursor(after, limit);
        cursor.add(w);
        return w;
    }

    /** Forgets a waiter; false when it was not waiting (any more). */
    boolean remove(ReadWaiter<?> w) {
        return w instanceof ReadWaiter.Recv r ? recv != null && recv.remove(r) : cursor != null && cursor.remove(w);
    }

    /**
     * Serves the waiters that data (or EOF) can answer now; returns what completes them, to run once the lock
     * is released (null when nobody was served).
     */
    List<Runnable> serve(Source source) {
        List<Runnable> wake = null;
        while (recv != null && !recv.isEmpty() && (source.hasBytes() || source.eof())) {
            ReadWaiter.Recv w = recv.pollFirst();
            if (w.future.isDone()) {
                continue; // gave up; being removed
            }
            RecvResult r = source.hasBytes() ? source.take(w.max) : new RecvResult(null, RecvResult.Outcome.EOF);
            // A reader that gave up after this point gets nothing: its data goes back to the head.
            wake = add(wake, () -> {
                if (!w.complete(r)) {
                    r.putBack();
                }
            });
        }
        if (cursor != null && !cursor.isEmpty()) {
            for (Iterator<ReadWaiter.Cursor> it = cursor.iterator(); it.hasNext();) {
                ReadWaiter.Cursor w = it.next();
                if (w.future.isDone()) {
                    it.remove(); // gave up
                    continue;
                }
                FrameBatch r = source.snapshot(w.after, w.limit);
                if (!r.frames().isEmpty() || source.eof()) {
                    it.remove();
                    wake = add(wake, () -> w.complete(r));
                }
            }
        }
        return wake;
    }

    private static List<Runnable> add(List<Runnable> list, Runnable r) {
        List<Runnable> l = list == null ? new ArrayList<>(2) : list;
        l.add(r);
        return l;
    }
}
