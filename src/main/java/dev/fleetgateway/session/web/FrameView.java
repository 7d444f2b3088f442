package dev.fleetgateway.session.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.fleetgateway.session.Frame;

/**
 * A received frame as the API shows it, in a cursor read (no session id: the answer names it once) and on a
 * stream (with the session id).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FrameView(String sessionId, long seq, Instant receivedAt, int length, String data) {

    /** {@code data} is the frame's bytes already encoded as the reader asked. */
    static FrameView of(String sessionId, Frame f, String data) {
        return new FrameView(sessionId, f.seq(), f.receivedAt(), f.data().length, data);
    }
}
