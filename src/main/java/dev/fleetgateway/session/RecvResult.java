package dev.fleetgateway.session;

import java.util.List;

/**
 * Result of a destructive {@code recv}: data with the frames it was cut from, or why there is none. A reader that
 * could not pass the data on (its HTTP client left) {@link #putBack puts it back}, so nothing taken is lost.
 */
public final class RecvResult {

    /** DATA: bytes read; EOF: the session is closed and drained; TIMEOUT: nothing within the timeout;
     *  WOULD_BLOCK: nothing now and the read was non-blocking. */
    public enum Outcome { DATA, EOF, TIMEOUT, WOULD_BLOCK }

    /**
     * What one frame gave to {@code data}, in order: its sequence number, arrival time, how many bytes, and
     * whether its last byte is among them ({@code end}; false when {@code max} cut the frame and the rest comes
     * with the next recv).
     */
    public record Piece(long seq, long receivedAtMillis, int length, boolean end) {
    }

    /** Takes taken bytes back at the head of the buffer they came from. */
    interface Origin {
        void putBack(byte[] data, List<Piece> pieces);
    }

    private final byte[] data;
    private final Outcome outcome;
    private final List<Piece> pieces;
    private Origin origin;

    public RecvResult(byte[] data, Outcome outcome) {
        this(data, outcome, List.of(), null);
    }

    RecvResult(byte[] data, Outcome outcome, List<Piece> pieces, Origin origin) {
        this.data = data;
        this.outcome = outcome;
        this.pieces = pieces;
        this.origin = origin;
    }

    public byte[] data() {
        return data;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The frames {@link #data} holds, in order; their lengths add up to its length (empty without data). */
    public List<Piece> pieces() {
        return pieces;
    }

    /**
     * Returns the data to the head of the session's buffer with the same sequence numbers, for the next reader;
     * for a reader that cannot deliver it. Does nothing the second time, or when there is no data.
     */
    public void putBack() {
        Origin o;
        synchronized (this) {
            o = origin;
            origin = null;
        }
        if (o != null && data != null && data.length > 0) {
            o.putBack(data, pieces);
        }
    }
}
