package dev.fleetgateway.dataplane.web;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.fleetgateway.session.Frame;

/**
 * A cursor read's answer, member for member the REST port's {@code session.web.SessionRequests.Messages} (a
 * feature's web types are its own; DataPlaneIntegrationTests compares the two answers).
 */
record Messages(String sessionId, List<View> messages, String encoding, long nextAfter, long lastSeq, long firstSeq,
        boolean gap, boolean eof) {

    /** A frame as the REST port's {@code FrameView} shows it in a cursor read (no session id). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String sessionId, long seq, Instant receivedAt, int length, String data) {

        static View of(Frame f, String data) {
            return new View(null, f.seq(), f.receivedAt(), f.data().length, data);
        }
    }
}
