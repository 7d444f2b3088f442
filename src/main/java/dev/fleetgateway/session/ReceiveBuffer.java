package dev.fleetgateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.util.concurrent.EventExecutor;

/**
 * The bounded buffer of frames a session received and nobody has consumed yet. Frames get increasing
 * sequence numbers. Two ways to read: a destructive byte-stream {@link #recv} (may split a frame) and a
 * non-destructive {@link #read cursor read} with {@link #ack}. Waiting reads are futures completed by the
 * writer or by a timer on the session's event loop, never a parked thread; a reader that gives up cancels its
 * future, which frees its place at once, and a recv that cannot deliver what it took {@link #putBack puts it back}.
 * What it holds and what that costs (capacity, shared budget, pausing the socket) is {@link HeldFrames}.
 */
final class ReceiveBuffer implements ReadWaiters.Source, RecvResult.Origin {

    /** Told when the buffer wants the socket paused or resumed, and when it dropped frames. */
    interface Listener {
        void pause();

        void resume();

        void dropped(int frames, long bytes);
    }

    /**
     * Heap a buffered frame costs beyond its payload (frame record, array header, deque slot); counted against
     * the capacity so that many tiny frames cannot hold many times the configured bytes.
     */
    static final int FRAME_OVERHEAD = 96;

    private final boolean dropOldest;
    private final Listener listener;
    private final EventExecutor timers;
    private final HeldFrames frames;

    private boolean eof;
    private boolean discarded;
    private final ReadWaiters waiters = new ReadWaiters();

    ReceiveBuffer(long capacity, boolean dropOldest, Listener listener, EventExecutor timers) {
        this(capacity, 0, dropOldest, listener, timers, BufferBudget.unlimited());
    }

    ReceiveBuffer(long capacity, int frameOverhead, boolean dropOldest, Listener listener, EventExecutor timers) {
        this(capacity, frameOverhead, dropOldest, listener, timers, BufferBudget.unlimited());
    }

    ReceiveBuffer(long capacity, int frameOverhead, boolean dropOldest, Listener listener, EventExecutor timers,
            BufferBudget budget) {
        this.dropOldest = dropOldest;
        this.listener = listener;
        this.timers = timers;
        this.frames = new HeldFrames(capacity, frameOverhead, budget, this::budgetRoom);
    }

    /** Appends a frame (called on the event loop); returns its sequence number, 0 if the buffer is closed. */
    long append(byte[] data, long now) {
        List<Runnable> wake = null;
        int droppedFrames = 0;
        long droppedBytes = 0;
        boolean pausing = false;
        long seq;
        synchronized (this) {
            if (eof) {
                return 0;
            }
            seq = frames.add(data, now);
            if (dropOldest) {
                long len;
                while ((len = frames.dropOldestOverLimit()) >= 0) {
                    droppedFrames++;
                    droppedBytes += len;
                }
            } else {
                pausing = frames.pauseAfterAdd();
            }
            if (waiters.any()) {
                wake = waiters.serve(this);
            }
        }
        if (droppedFrames > 0) {
            listener.dropped(droppedFrames, droppedBytes);
        }
        if (pausing) {
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
            wake = waiters.serve(this);
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
            discarded = true;
            frames.clear();
        }
    }

    /** Destructive read of up to {@code max} bytes; waits up to {@code timeoutMillis} (0: do not wait). */
    CompletableFuture<RecvResult> recv(int max, long timeoutMillis) {
        ReadWaiter.Recv waiter;
        synchronized (this) {
            if (frames.bytes() > 0) {
                return CompletableFuture.completedFuture(take(max));
            }
            if (eof) {
                return CompletableFuture.completedFuture(new RecvResult(null, RecvResult.Outcome.EOF));
            }
            if (timeoutMillis <= 0) {
                return CompletableFuture.completedFuture(new RecvResult(null, RecvResult.Outcome.WOULD_BLOCK));
            }
            if (waiters.count() >= ReadWaiters.MAX) {
                return CompletableFuture.failedFuture(ReadWaiters.full());
            }
            waiter = waiters.addRecv(max);
        }
        waiter.arm(timers, timeoutMillis, () -> timeout(waiter), this::gaveUp);
        return waiter.future;
    }

    /** Non-destructive read of up to {@code limit} frames after {@code after}; waits when there are none. */
    CompletableFuture<FrameBatch> read(long after, int limit, long waitMillis) {
        ReadWaiter.Cursor waiter;
        synchronized (this) {
            FrameBatch now = frames.snapshot(after, limit, eof);
            if (!now.frames().isEmpty() || eof || waitMillis <= 0) {
                return CompletableFuture.completedFuture(now);
            }
            if (waiters.count() >= ReadWaiters.MAX) {
                return CompletableFuture.failedFuture(ReadWaiters.full());
            }
            waiter = waiters.addCursor(after, limit);
        }
        waiter.arm(timers, waitMillis, () -> timeout(waiter), this::gaveUp);
        return waiter.future;
    }

    /** Frees every frame up to and including {@code upTo}; returns how many were freed. */
    int ack(long upTo) {
        int freed;
        boolean resume;
        synchronized (this) {
            freed = frames.ackUpTo(upTo);
            resume = frames.mayResume();
        }
        if (resume) {
            listener.resume();
        }
        return freed;
    }

    synchronized long bufferedBytes() {
        return frames.bytes();
    }

    /** Readers waiting now (recv and cursor). */
    synchronized int waiting() {
        return waiters.count();
    }

    synchronized int bufferedFrames() {
        return frames.size();
    }

    synchronized long lastSeq() {
        return frames.lastSeq();
    }

    synchronized boolean isPaused() {
        return frames.isPaused();
    }

    // ReadWaiters.Source, called under the lock.
    @Override
    public boolean hasBytes() {
        return frames.bytes() > 0;
    }

    @Override
    public boolean eof() {
        return eof;
    }

    @Override
    public FrameBatch snapshot(long after, int limit) {
        return frames.snapshot(after, limit, eof);
    }

    // Caller holds the lock. Takes up to max bytes from the head, giving their heap back to the budget.
    @Override
    public RecvResult take(int max) {
        List<RecvResult.Piece> pieces = new ArrayList<>(2);
        byte[] out = frames.take(max, pieces);
        if (frames.mayResume()) {
            timers.execute(listener::resume);
        }
        return new RecvResult(out, RecvResult.Outcome.DATA, pieces, this);
    }

    /**
     * Takes back what a recv took and could not deliver: at the head, under the same sequence numbers, for the
     * next reader (a waiting one is served at once). Dropped when the session has left the live table.
     */
    @Override
    public void putBack(byte[] data, List<RecvResult.Piece> pieces) {
        List<Runnable> wake;
        synchronized (this) {
            if (discarded) {
                return;
            }
            frames.putBack(data, pieces);
            wake = waiters.serve(this);
        }
        if (wake != null) {
            wake.forEach(Runnable::run);
        }
    }

    // Called by the budget from any thread, possibly under another buffer's lock: only hand over to our loop.
    private void budgetRoom() {
        timers.execute(this::onBudgetRoom);
    }

    private void onBudgetRoom() {
        boolean resume;
        synchronized (this) {
            resume = frames.roomCame();
        }
        if (resume) {
            listener.resume();
        }
    }

    // The reader cancelled its future (its client left): free its place now, not when its timer fires.
    private void gaveUp(ReadWaiter<?> w) {
        synchronized (this) {
            waiters.remove(w);
        }
        w.stopTimer();
    }

    private void timeout(ReadWaiter.Recv w) {
        boolean removed;
        synchronized (this) {
            removed = waiters.remove(w);
        }
        if (removed) {
            w.future.complete(new RecvResult(null, RecvResult.Outcome.TIMEOUT));
        }
    }

    private void timeout(ReadWaiter.Cursor w) {
        FrameBatch r;
        synchronized (this) {
            if (!waiters.remove(w)) {
                return;
            }
            r = frames.snapshot(w.after, w.limit, eof);
        }
        w.future.complete(r);
    }
}
