package dev.fleetgateway.session;

import java.util.List;

/**
 * Frames of a cursor read. {@code lastSeq} is the newest sequence number received so far; {@code firstSeq}
 * the oldest still held (0 when empty); {@code eof} means the session is closed and nothing follows.
 */
public record FrameBatch(List<Frame> frames, long lastSeq, long firstSeq, boolean eof) {
}
