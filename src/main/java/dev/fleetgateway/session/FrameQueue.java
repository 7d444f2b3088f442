package dev.fleetgateway.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The frames a session holds, oldest first, with sequence numbers and a read position inside the head frame
 * (a {@code recv} may take part of a frame). Not thread-safe: {@link ReceiveBuffer} guards it with its lock.
 */
final class FrameQueue {

    /** Never written: the queue of a session that holds no frame (nearly every held one) allocates none (issue 18). */
    private static final ArrayDeque<Frame> NONE = new ArrayDeque<>(0);

    private ArrayDeque<Frame> frames = NONE;
    private final int frameOverhead;
    private int headOffset;
    private long bytes;
    private long nextSeq = 1;

    FrameQueue(int frameOverhead) {
        this.frameOverhead = frameOverhead;
    }

    /** Appends a frame; returns its sequence number. */
    long add(byte[] data, long now) {
        long seq = nextSeq++;
        writable().addLast(new Frame(seq, now, data));
        bytes += data.length;
        return seq;
    }

    /** Drops the oldest frame (never the only one); returns the unread bytes it held, or -1 if none was dropped. */
    long dropOldest() {
        if (frames.size() <= 1) {
            return -1;
        }
        Frame f = frames.pollFirst();
        long len = f.data().length - headOffset;
        headOffset = 0;
        bytes -= len;
        return len;
    }

    /**
     * Takes up to {@code max} bytes from the head, splitting a frame if needed; adds to {@code pieces} what it took
     * of each frame.
     */
    byte[] take(int max, List<RecvResult.Piece> pieces) {
        int n = (int) Math.min(max, bytes);
        byte[] out = new byte[n];
        int pos = 0;
        while (pos < n) {
            Frame head = frames.peekFirst();
            int avail = head.data().length - headOffset;
            int chunk = Math.min(avail, n - pos);
            System.arraycopy(head.data(), headOffset, out, pos, chunk);
            pos += chunk;
            pieces.add(new RecvResult.Piece(head.seq(), head.receivedAtMillis(), chunk, chunk == avail));
            if (chunk == avail) {
                frames.pollFirst();
                headOffset = 0;
            } else {
                headOffset += chunk;
            }
        }
        bytes -= n;
        return out;
    }

    /**
     * Puts bytes a {@link #take} removed back at the head, each piece under its own sequence number (a piece of
     * the frame still at the head joins it again). Whatever was taken since has later sequence numbers, so the
     * queue stays in sequence order.
     */
    void putBack(byte[] data, List<RecvResult.Piece> pieces) {
        writable();
        Frame head = frames.peekFirst();
        if (head != null && headOffset > 0) {
            // One read position exists, for the head: give the head its unread part as a frame of its own.
            frames.pollFirst();
            frames.addFirst(new Frame(head.seq(), head.receivedAtMillis(),
                    Arrays.copyOfRange(head.data(), headOffset, head.data().length)));
            headOffset = 0;
        }
        int end = data.length;
        for (int i = pieces.size() - 1; i >= 0; i--) {
            RecvResult.Piece p = pieces.get(i);
            int start = end - p.length();
            byte[] part = Arrays.copyOfRange(data, start, end);
            head = frames.peekFirst();
            if (head != null && head.seq() == p.seq()) {
                frames.pollFirst();
                byte[] joined = Arrays.copyOf(part, part.length + head.data().length);
                System.arraycopy(head.data(), 0, joined, part.length, head.data().length);
                part = joined;
            }
            frames.addFirst(new Frame(p.seq(), p.receivedAtMillis(), part));
            end = start;
        }
        bytes += data.length;
    }

    /** Frees every frame up to and including {@code upTo}; returns how many were freed. */
    int ackUpTo(long upTo) {
        int freed = 0;
        while (!frames.isEmpty() && frames.peekFirst().seq() <= upTo) {
            Frame f = frames.pollFirst();
            bytes -= f.data().length - headOffset;
            headOffset = 0;
            freed++;
        }
        return freed;
    }

    /** Up to {@code limit} frames after {@code after}; the head frame without the bytes a recv already took. */
    FrameBatch snapshot(long after, int limit, boolean closed) {
        List<Frame> out = new ArrayList<>(Math.min(limit, frames.size()));
        boolean first = true;
        boolean later = false;
        for (Iterator<Frame> it = frames.iterator(); it.hasNext();) {
            Frame f = it.next();
            if (f.seq() > after) {
                later = true;
                if (out.size() >= limit) {
                    break;
                }
                if (first && headOffset > 0) {
                    f = new Frame(f.seq(), f.receivedAtMillis(), Arrays.copyOfRange(f.data(), headOffset, f.data().length));
                }
                out.add(f);
            }
            first = false;
        }
        long firstSeq = frames.isEmpty() ? 0 : frames.peekFirst().seq();
        return new FrameBatch(out, nextSeq - 1, firstSeq, closed && !later);
    }

    /** Forgets every frame. */
    void clear() {
        frames = NONE;
        bytes = 0;
        headOffset = 0;
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return frames.size();
    }

    long lastSeq() {
        return nextSeq - 1;
    }

    private ArrayDeque<Frame> writable() {
        if (frames == NONE) {
            frames = new ArrayDeque<>(4);
        }
        return frames;
    }

    /** Payload plus per-frame overhead: what the frames really hold on the heap. */
    long footprint() {
        return bytes + (long) frames.size() * frameOverhead;
    }

    int frameOverhead() {
        return frameOverhead;
    }
}
