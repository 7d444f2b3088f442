package dev.fleetgateway.session;

import java.time.Instant;

/**
 * Traffic counters of one session. Written on the session's event loop only, read from anywhere; what one socket
 * read delivered is told to the meters once the read completes, not per frame (the ingest hot path).
 */
final class SessionCounters {

    private final SessionMetrics meters;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long framesIn;
    private volatile long framesOut;
    private volatile long pauses;
    private volatile long droppedFrames;
    private volatile long lastActivityMillis = System.currentTimeMillis();
    /** When a socket read last completed, or reading last resumed or (re)started: the read-idle clock. */
    private volatile long lastReadMillis = lastActivityMillis;
    // Event loop only: traffic of the current read, not yet told to the meters.
    private long unreportedBytesIn;
    private long unreportedFramesIn;
    private int unreportedDropped;

    SessionCounters(SessionMetrics meters) {
        this.meters = meters;
    }

    /** A frame arrived at {@code now} (epoch milliseconds). */
    void received(int length, long now) {
        framesIn++;
        bytesIn += length;
        lastActivityMillis = now;
        unreportedBytesIn += length;
        unreportedFramesIn++;
    }

    /** A send of {@code length} bytes was flushed. */
    void sent(int length) {
        bytesOut += length;
        framesOut++;
        lastActivityMillis = System.currentTimeMillis();
        meters.sent(length);
    }

    /** The socket was paused because the receive buffer is full. */
    void paused() {
        pauses++;
        meters.pause();
    }

    /** The drop-oldest policy dropped frames (told to the meters with the read). */
    void dropped(int frames) {
        droppedFrames += frames;
        unreportedDropped += frames;
    }

    /** The session (re)connected: activity starts now. */
    void touch() {
        lastActivityMillis = System.currentTimeMillis();
        lastReadMillis = lastActivityMillis;
    }

    /** Reading resumed after a pause: the read-idle clock starts afresh. */
    void readResumed() {
        lastReadMillis = System.currentTimeMillis();
    }

    long lastReadMillis() {
        return lastReadMillis;
    }

    /** Tells the meters what the read that just completed delivered; the read-idle clock restarts. */
    void readComplete() {
        lastReadMillis = System.currentTimeMillis();
        if (unreportedFramesIn > 0) {
            meters.received(unreportedBytesIn, unreportedFramesIn);
            unreportedBytesIn = 0;
            unreportedFramesIn = 0;
        }
        if (unreportedDropped > 0) {
            meters.dropped(unreportedDropped);
            unreportedDropped = 0;
        }
    }

    SessionStats snapshot(ReceiveBuffer buffer) {
        return new SessionStats(bytesIn, bytesOut, framesIn, framesOut, buffer.bufferedBytes(),
                buffer.bufferedFrames(), buffer.lastSeq(), pauses, droppedFrames, buffer.isPaused(),
                Instant.ofEpochMilli(lastActivityMillis));
    }
}
