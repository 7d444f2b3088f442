package dev.fleetgateway.session;

import java.time.Instant;
import java.util.List;

/**
 * Frames of a cursor read. {@code lastSeq} is the newest sequence number received so far; {@code firstSeq}
 * the oldest still held (0 when empty); {@code eof} means the session is closed and nothing follows.
 */
public record FrameBatch(List<Frame> frames, long lastSeq, long firstSeq, boolean eof) {

    /** One received frame. */
    public record Frame(long seq, Instant receivedAt, byte[] data) {
    }

    static FrameBatch of(ReceiveBuffer.ReadResult r) {
        return new FrameBatch(r.frames().stream()
                .map(f -> new Frame(f.seq(), Instant.ofEpochMilli(f.receivedAt()), f.data())).toList(),
                r.lastSeq(), r.firstSeq(), r.eof());
    }
}
