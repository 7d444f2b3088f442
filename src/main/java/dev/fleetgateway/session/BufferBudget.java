package dev.fleetgateway.session;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One budget of heap for the receive buffers of all sessions together ({@code receive-buffer-total}), so
 * that many sessions with full buffers cannot exhaust the heap even when each stays under its own
 * {@code receive-buffer}. Buffers {@link #reserve reserve} what they append and {@link #release release} what
 * readers consume. While the budget is spent, an appending buffer pauses its socket (BACKPRESSURE) or drops
 * its own oldest frames (DROP_OLDEST); a paused buffer {@link #park parks} here and is woken, on its own event
 * loop, once use falls under the low-water mark (90% of the budget).
 * <p>
 * A session holding less than {@link #floor()} is never stopped by the budget, only by its own limit: else a
 * back end that reads one module would wait forever while other modules' unread frames hold the budget. The
 * budget can therefore be passed by at most that floor (plus one socket read) per session.
 */
final class BufferBudget {

    /** Woken (on its event loop) when the budget has room again. */
    interface Parked {
        void budgetRoom();
    }

    /** What every session may hold whatever the budget says (see the class comment). */
    static final long DEFAULT_FLOOR = 16 * 1024;

    private final long limit;
    private final long floor;
    private final long lowWater;
    private final AtomicLong used = new AtomicLong();
    /** Each buffer parks at most once at a time, so this holds at most one entry per session. */
    private final ConcurrentLinkedQueue<Parked> parked = new ConcurrentLinkedQueue<>();
    private final AtomicLong pauses = new AtomicLong();

    BufferBudget(long limit, long floor) {
        if (limit <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + limit);
        }
        this.limit = limit;
        this.floor = floor;
        this.lowWater = limit - limit / 10;
    }

    /** A budget for {@code receive-buffer-total}; 0 means 40% of the maximum heap. */
    static BufferBudget of(long configured) {
        return new BufferBudget(configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 5 * 2, DEFAULT_FLOOR);
    }

    /** No shared limit (a buffer on its own, in tests and benchmarks). */
    static BufferBudget unlimited() {
        return new BufferBudget(Long.MAX_VALUE, 0);
    }

    /** Heap a session may hold even when the budget is spent. */
    long floor() {
        return floor;
    }

    void reserve(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        if (bytes != 0 && used.addAndGet(-bytes) <= lowWater && !parked.isEmpty()) {
            wakeAll();
        }
    }

    /** The budget is spent: appending buffers must pause or drop. */
    boolean exhausted() {
        return used.get() >= limit;
    }

    /** Use is above the low-water mark: paused buffers stay paused. */
    boolean aboveLowWater() {
        return used.get() > lowWater;
    }

    /** Waits for room; the caller holds no lock other than its own buffer's, and parks at most once. */
    void park(Parked p) {
        pauses.incrementAndGet();
        parked.add(p);
        // Room may have come between the caller's check and the add: then nobody else would wake it.
        if (!aboveLowWater()) {
            wakeAll();
        }
    }

    private void wakeAll() {
        Parked p;
        while ((p = parked.poll()) != null) {
            p.budgetRoom();
        }
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }

    int parkedCount() {
        return parked.size();
    }

    /** Times a buffer had to wait for the shared budget. */
    long pauses() {
        return pauses.get();
    }
}
