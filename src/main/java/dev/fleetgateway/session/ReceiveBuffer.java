package dev.fleetgateway.session;

import dev.fleetgateway.system.FleetException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The bounded buffer of frames a session received and nobody has consumed yet. Frames get increasing
 * sequence numbers. Two ways to read: a destructive byte-stream {@link #recv} (may split a frame) and a
 * non-destructive {@link #read cursor read} with {@link #ack}. Waiting reads are futures completed by the
 * writer or by a timer on the session's event loop, never a parked thread.
 */
final class ReceiveBuffer {

    /** A frame as received. */
    record Frame(long seq, long receivedAt, byte[] data) {
    }

    /** What a cursor read got; {@code firstSeq} is the oldest frame still held (0 when empty). */
    record ReadResult(List<Frame> frames, long lastSeq, long firstSeq, boolean eof) {
    }

    /** Told when the buffer wants the socket paused or resumed, and when it dropped frames. */
    interface Listener {
        void pause();

        void resume();

        void dropped(int frames, long bytes);
    }

    static final int MAX_WAITERS = 256;

    private final long capacity;
    private final int frameOverhead;
    private final boolean dropOldest;
    private final Listener listener;
    private final EventExecutor timers;
    private final BufferBudget budget;

    private final ArrayDeque<Frame> frames = new ArrayDeque<>(4);
    private int headOffset;
    private long bytes;
    private long nextSeq = 1;
    private boolean eof;
    private boolean paused;
    /** Waiting in the shared budget for room (BACKPRESSURE only). */
    private boolean parked;
    private ArrayDeque<RecvWaiter> recvWaiters;
    private List<CursorWaiter> cursorWaiters;

    /**
     * Heap a buffered frame costs beyond its payload (frame record, array header, deque slot); counted against
     * the capacity so that many tiny frames cannot hold many times the configured bytes.
     */
    static final int FRAME_OVERHEAD = 96;

    ReceiveBuffer(long capacity, boolean dropOldest, Listener listener, EventExecutor timers) {
        this(capacity, 0, dropOldest, listener, timers, BufferBudget.unlimited());
    }

    ReceiveBuffer(long capacity, int frameOverhead, boolean dropOldest, Listener listener, EventExecutor timers) {
        this(capacity, frameOverhead, dropOldest, listener, timers, BufferBudget.unlimited());
    }

    ReceiveBuffer(long capacity, int frameOverhead, boolean dropOldest, Listener listener, EventExecutor timers,
            BufferBudget budget) {
        this.frameOverhead = frameOverhead;
        this.capacity = capacity;
        this.dropOldest = dropOldest;
        this.listener = listener;
        this.timers = timers;
        this.budget = budget;
    }

    /** Appends a frame (called on the event loop); returns its sequence number, 0 if the buffer is closed. */
    long append(byte[] data, long now) {
        List<Runnable> wake = null;
        int droppedFrames = 0;
        long droppedBytes = 0;
        boolean pause = false;
        long seq;
        synchronized (this) {
            if (eof) {
                return 0;
            }
            seq = nextSeq++;
            frames.addLast(new Frame(seq, now, data));
            bytes += data.length;
            budget.reserve(data.length + frameOverhead);
            if (dropOldest) {
                while ((footprint() > capacity || overBudget()) && frames.size() > 1) {
                    Frame f = frames.pollFirst();
                    long len = f.data().length - headOffset;
                    headOffset = 0;
                    bytes -= len;
                    budget.release(len + frameOverhead);
                    droppedFrames++;
                    droppedBytes += len;
                }
            } else if (!paused && (footprint() >= capacity || overBudget())) {
                paused = true;
                pause = true;
                if (overBudget()) {
                    parked = true;
                    budget.park(this::budgetRoom);
                }
            }
            if (recvWaiters != null || cursorWaiters != null) {
                wake = collectWaiters(null);
            }
        }
        if (droppedFrames > 0) {
            listener.dropped(droppedFrames, droppedBytes);
        }
        if (pause) {
            listener.pause();
        }
        if (wake != null) {
            wake.forEach(Runnable::run);
        }
        return seq;
    }

    /** Marks end-of-stream: waiting readers are answered, later reads drain what is left, then see EOF. */
    void close() {
        List<Runnable> wake;
        synchronized (this) {
            if (eof) {
                return;
            }
            eof = true;
            wake = collectWaiters(null);
        }
        if (wake != null) {
            wake.forEach(Runnable::run);
        }
    }

    /**
     * Frees every frame still held (the session left the live table); its share of the shared budget goes
     * back. Later reads see EOF.
     */
    void discard() {
        close();
        synchronized (this) {
            long before = footprint();
            frames.clear();
            bytes = 0;
            headOffset = 0;
            budget.release(before);
        }
    }

    /** Destructive read of up to {@code max} bytes; waits up to {@code timeoutMillis} (0: do not wait). */
    CompletableFuture<RecvResult> recv(int max, long timeoutMillis) {
        RecvWaiter waiter;
        synchronized (this) {
            if (bytes > 0) {
                return CompletableFuture.completedFuture(new RecvResult(take(max), RecvResult.Outcome.DATA));
            }
            if (eof) {
                return CompletableFuture.completedFuture(new RecvResult(null, RecvResult.Outcome.EOF));
            }
            if (timeoutMillis <= 0) {
                return CompletableFuture.completedFuture(new RecvResult(null, RecvResult.Outcome.WOULD_BLOCK));
            }
            if (recvWaiters == null) {
                recvWaiters = new ArrayDeque<>(2);
            }
            if (waiterCount() >= MAX_WAITERS) {
                return CompletableFuture.failedFuture(tooManyReaders());
            }
            waiter = new RecvWaiter(max);
            recvWaiters.addLast(waiter);
        }
        waiter.timer = timers.schedule(() -> timeout(waiter), timeoutMillis, TimeUnit.MILLISECONDS);
        return waiter.future;
    }

    /** Non-destructive read of up to {@code limit} frames after {@code after}; waits when there are none. */
    CompletableFuture<ReadResult> read(long after, int limit, long waitMillis) {
        CursorWaiter waiter;
        synchronized (this) {
            ReadResult now = snapshot(after, limit);
            if (!now.frames().isEmpty() || eof || waitMillis <= 0) {
                return CompletableFuture.completedFuture(now);
            }
            if (cursorWaiters == null) {
                cursorWaiters = new ArrayList<>(2);
            }
            if (waiterCount() >= MAX_WAITERS) {
                return CompletableFuture.failedFuture(tooManyReaders());
            }
            waiter = new CursorWaiter(after, limit);
            cursorWaiters.add(waiter);
        }
        waiter.timer = timers.schedule(() -> timeout(waiter), waitMillis, TimeUnit.MILLISECONDS);
        return waiter.future;
    }

    /** Frees every frame up to and including {@code upTo}; returns how many were freed. */
    int ack(long upTo) {
        int freed = 0;
        boolean resume;
        synchronized (this) {
            long before = footprint();
            while (!frames.isEmpty() && frames.peekFirst().seq() <= upTo) {
                Frame f = frames.pollFirst();
                bytes -= f.data().length - headOffset;
                headOffset = 0;
                freed++;
            }
            budget.release(before - footprint());
            resume = maybeResume();
        }
        if (resume) {
            listener.resume();
        }
        return freed;
    }

    synchronized long bufferedBytes() {
        return bytes;
    }

    /** Readers waiting now (recv and cursor). */
    synchronized int waiting() {
        return waiterCount();
    }

    synchronized int bufferedFrames() {
        return frames.size();
    }

    synchronized long lastSeq() {
        return nextSeq - 1;
    }

    synchronized boolean isPaused() {
        return paused;
    }

    private static FleetException tooManyReaders() {
        return new FleetException(FleetException.Kind.TOO_MANY, "too-many-readers", "Too many readers",
                "Too many readers are waiting on this session (at most " + MAX_WAITERS + ")");
    }

    private int waiterCount() {
        return (recvWaiters == null ? 0 : recvWaiters.size()) + (cursorWaiters == null ? 0 : cursorWaiters.size());
    }

    // Caller holds the lock. Takes up to max bytes from the head, splitting a frame if needed.
    private byte[] take(int max) {
        long before = footprint();
        int n = (int) Math.min(max, bytes);
        byte[] out = new byte[n];
        int pos = 0;
        while (pos < n) {
            Frame head = frames.peekFirst();
            int avail = head.data().length - headOffset;
            int chunk = Math.min(avail, n - pos);
            System.arraycopy(head.data(), headOffset, out, pos, chunk);
            pos += chunk;
            if (chunk == avail) {
                frames.pollFirst();
                headOffset = 0;
            } else {
                headOffset += chunk;
            }
        }
        bytes -= n;
        budget.release(before - footprint());
        if (maybeResume()) {
            timers.execute(listener::resume);
        }
        return out;
    }

    // Caller holds the lock. The shared budget is spent and this buffer holds more than the floor every session
    // keeps (so reading one session always makes progress, whatever other sessions hold).
    private boolean overBudget() {
        return budget.exhausted() && footprint() > budget.floor();
    }

    // Caller holds the lock. Payload plus per-frame overhead: what the buffer really holds on the heap.
    private long footprint() {
        return bytes + (long) frames.size() * frameOverhead;
    }

    // Caller holds the lock. Resume reading once half the capacity is free again (hysteresis) and the shared
    // budget is under its low-water mark; a buffer that only waits for the budget parks there to be woken.
    private boolean maybeResume() {
        if (!paused || footprint() > capacity / 2) {
            return false;
        }
        if (footprint() > budget.floor() && budget.aboveLowWater()) {
            if (!parked) {
                parked = true;
                budget.park(this::budgetRoom);
            }
            return false;
        }
        paused = false;
        return true;
    }

    // Called by the budget from any thread, possibly under another buffer's lock: only hand over to our loop.
    private void budgetRoom() {
        timers.execute(this::onBudgetRoom);
    }

    private void onBudgetRoom() {
        boolean resume;
        synchronized (this) {
            parked = false;
            resume = maybeResume();
        }
        if (resume) {
            listener.resume();
        }
    }

    private ReadResult snapshot(long after, int limit) {
        List<Frame> out = new ArrayList<>(Math.min(limit, frames.size()));
        boolean first = true;
        for (Iterator<Frame> it = frames.iterator(); it.hasNext() && out.size() < limit;) {
            Frame f = it.next();
            if (f.seq() > after) {
                if (first && headOffset > 0) {
                    byte[] rest = java.util.Arrays.copyOfRange(f.data(), headOffset, f.data().length);
                    f = new Frame(f.seq(), f.receivedAt(), rest);
                }
                out.add(f);
            }
            first = false;
        }
        long firstSeq = frames.isEmpty() ? 0 : frames.peekFirst().seq();
        return new ReadResult(out, nextSeq - 1, firstSeq, eof && frames.stream().noneMatch(f -> f.seq() > after));
    }

    // Caller holds the lock: serves waiting readers now that data (or EOF) is there; returns what to run
    // once the lock is released (null when nobody was waiting).
    private List<Runnable> collectWaiters(List<Runnable> wake) {
        while (recvWaiters != null && !recvWaiters.isEmpty() && (bytes > 0 || eof)) {
            RecvWaiter w = recvWaiters.pollFirst();
            RecvResult r = bytes > 0 ? new RecvResult(take(w.max), RecvResult.Outcome.DATA)
                    : new RecvResult(null, RecvResult.Outcome.EOF);
            wake = add(wake, () -> w.complete(r));
        }
        if (cursorWaiters != null && !cursorWaiters.isEmpty()) {
            for (Iterator<CursorWaiter> it = cursorWaiters.iterator(); it.hasNext();) {
                CursorWaiter w = it.next();
                ReadResult r = snapshot(w.after, w.limit);
                if (!r.frames().isEmpty() || eof) {
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

    private void timeout(RecvWaiter w) {
        boolean removed;
        synchronized (this) {
            removed = recvWaiters != null && recvWaiters.remove(w);
        }
        if (removed) {
            w.future.complete(new RecvResult(null, RecvResult.Outcome.TIMEOUT));
        }
    }

    private void timeout(CursorWaiter w) {
        ReadResult r;
        synchronized (this) {
            if (cursorWaiters == null || !cursorWaiters.remove(w)) {
                return;
            }
            r = snapshot(w.after, w.limit);
        }
        w.future.complete(r);
    }

    private static final class RecvWaiter {
        final int max;
        final CompletableFuture<RecvResult> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        RecvWaiter(int max) {
            this.max = max;
        }

        void complete(RecvResult r) {
            if (timer != null) {
                timer.cancel(false);
            }
            future.complete(r);
        }
    }

    private static final class CursorWaiter {
        final long after;
        final int limit;
        final CompletableFuture<ReadResult> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        CursorWaiter(long after, int limit) {
            this.after = after;
            this.limit = limit;
        }

        void complete(ReadResult r) {
            if (timer != null) {
                timer.cancel(false);
            }
            future.complete(r);
        }
    }
}
