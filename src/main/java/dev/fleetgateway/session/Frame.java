package dev.fleetgateway.session;

import java.time.Instant;

/**
 * One frame a module sent, as the decoders cut it and every reader sees it ({@code recv}, cursor reads, streams):
 * its sequence number within the session, when it arrived (epoch milliseconds, kept as a number so that a
 * buffered frame costs no extra object) and its bytes.
 */
public record Frame(long seq, long receivedAtMillis, byte[] data) {

    public Instant receivedAt() {
        return Instant.ofEpochMilli(receivedAtMillis);
    }
}
