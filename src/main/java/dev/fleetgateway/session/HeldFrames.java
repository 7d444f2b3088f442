package dev.fleetgateway.session;

import java.util.List;

/**
 * The frames a {@link ReceiveBuffer} holds and what they cost: every change to the queue is booked against the
 * shared {@link BufferBudget}, and whether the socket pauses or resumes follows the footprint ({@link BufferPause}).
 * Guarded by the buffer's lock; it only answers, and the buffer tells its listener outside the lock.
 */
final class HeldFrames {

    private final long capacity;
    private final BufferBudget budget;
    private final FrameQueue frames;
    private final BufferPause pause;

    /** {@code onRoom} is woken by the budget, from any thread, when a buffer parked in it may resume. */
    HeldFrames(long capacity, int frameOverhead, BufferBudget budget, BufferBudget.Parked onRoom) {
        this.capacity = capacity;
        this.budget = budget;
        this.frames = new FrameQueue(frameOverhead);
        this.pause = new BufferPause(capacity, budget, onRoom);
    }

    /** Appends a frame; returns its sequence number. */
    long add(byte[] data, long now) {
        long seq = frames.add(data, now);
        budget.reserve(data.length + frames.frameOverhead());
        return seq;
    }

    /** Drops the oldest frame if the buffer is over its capacity or the spent budget; its length, else -1. */
    long dropOldestOverLimit() {
        long footprint = frames.footprint();
        if (footprint <= capacity && !pause.overBudget(footprint)) {
            return -1;
        }
        long len = frames.dropOldest();
        if (len >= 0) {
            budget.release(len + frames.frameOverhead());
        }
        return len;
    }

    /** After an append; true when the socket must pause now. */
    boolean pauseAfterAdd() {
        return pause.pauseAfterAppend(frames.footprint());
    }

    /** After frames were freed; true when the socket may resume now. */
    boolean mayResume() {
        return pause.mayResume(frames.footprint());
    }

    /** The budget woke this buffer; true when the socket may resume now. */
    boolean roomCame() {
        return pause.roomCame(frames.footprint());
    }

    boolean isPaused() {
        return pause.isPaused();
    }

    /** Frees every frame up to and including {@code upTo}; returns how many were freed. */
    int ackUpTo(long upTo) {
        long before = frames.footprint();
        int freed = frames.ackUpTo(upTo);
        budget.release(before - frames.footprint());
        return freed;
    }

    /** Takes up to {@code max} bytes from the head (there are some), noting which frames they came from. */
    byte[] take(int max, List<RecvResult.Piece> pieces) {
        long before = frames.footprint();
        byte[] out = frames.take(max, pieces);
        budget.release(before - frames.footprint());
        return out;
    }

    /** Puts back at the head, under the same sequence numbers, what a recv took and could not deliver. */
    void putBack(byte[] data, List<RecvResult.Piece> pieces) {
        long before = frames.footprint();
        frames.putBack(data, pieces);
        budget.reserve(frames.footprint() - before);
    }

    /** Frees every frame; its share of the budget goes back. */
    void clear() {
        long before = frames.footprint();
        frames.clear();
        budget.release(before);
    }

    FrameBatch snapshot(long after, int limit, boolean eof) {
        return frames.snapshot(after, limit, eof);
    }

    long bytes() {
        return frames.bytes();
    }

    int size() {
        return frames.size();
    }

    long lastSeq() {
        return frames.lastSeq();
    }
}
