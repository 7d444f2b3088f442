package dev.fleetgateway.session;

import java.time.Instant;

/**
 * Traffic counters of one session, the root of {@link ModuleSession}'s fields (a base class, not an object of its
 * own: one object header and reference less per session, issue 18). Written on the session's event loop only,
 * read from anywhere; what one socket read delivered is told to the meters once the read completes, not per frame
 * (the ingest hot path).
 */
abstract class SessionCounters {

    final SessionSettings settings;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long framesIn;
    private volatile long framesOut;
    private volatile long droppedFrames;
    private volatile long lastActivityMillis = System.currentTimeMillis();
    /** When a socket read last completed, or reading last resumed or (re)started: the read-idle clock. */
    private volatile long lastReadMillis = lastActivityMillis;
    private volatile int pauses;
    // Event loop only: traffic of the current read, not yet told to the meters (one read is far below 2 GB).
    private int unreportedBytesIn;
    private int unreportedFramesIn;
    private int unreportedDropped;

    SessionCounters(SessionSettings settings) {
        this.settings = settings;
    }

    /** A frame arrived at {@code now} (epoch milliseconds). */
    final void received(int length, long now) {
        framesIn++;
        bytesIn += length;
        lastActivityMillis = now;
        unreportedBytesIn += length;
        unreportedFramesIn++;
    }

    /** A send of {@code length} bytes was flushed. */
    final void sent(int length) {
        bytesOut += length;
        framesOut++;
        lastActivityMillis = System.currentTimeMillis();
        settings.meters().sent(length);
    }

    /** The socket was paused because the receive buffer is full. */
    final void paused() {
        pauses++;
        settings.meters().pause();
    }

    /** The drop-oldest policy dropped frames (told to the meters with the read). */
    final void dropped(int frames) {
        droppedFrames += frames;
        unreportedDropped += frames;
    }

    /** The session (re)connected: activity starts now. */
    final void touch() {
        lastActivityMillis = System.currentTimeMillis();
        lastReadMillis = lastActivityMillis;
    }

    /** Reading resumed after a pause: the read-idle clock starts afresh. */
    final void readResumed() {
        lastReadMillis = System.currentTimeMillis();
    }

    final long lastReadMillis() {
        return lastReadMillis;
    }

    /** Tells the meters what the read that just completed delivered; the read-idle clock restarts. */
    final void readComplete() {
        lastReadMillis = System.currentTimeMillis();
        if (unreportedFramesIn > 0) {
            settings.meters().received(unreportedBytesIn, unreportedFramesIn);
            unreportedBytesIn = 0;
            unreportedFramesIn = 0;
        }
        if (unreportedDropped > 0) {
            settings.meters().dropped(unreportedDropped);
            unreportedDropped = 0;
        }
    }

    /** The counters with what {@code buffer} holds (null: the session never had a buffer, so it holds nothing). */
    final SessionStats snapshot(ReceiveBuffer buffer) {
        return new SessionStats(bytesIn, bytesOut, framesIn, framesOut,
                buffer == null ? 0 : buffer.bufferedBytes(), buffer == null ? 0 : buffer.bufferedFrames(),
                buffer == null ? 0 : buffer.lastSeq(), pauses, droppedFrames, buffer != null && buffer.isPaused(),
                Instant.ofEpochMilli(lastActivityMillis));
    }
}
