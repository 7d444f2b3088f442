package dev.fleetgateway.session;

import java.time.Instant;

/** Live counters of one session. */
public record SessionStats(long bytesIn, long bytesOut, long framesIn, long framesOut, long bufferedBytes,
        int bufferedFrames, long lastSeq, long backpressurePauses, long droppedFrames, boolean readingPaused,
        Instant lastActivityAt) {
}
