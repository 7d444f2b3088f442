package dev.fleetgateway.session;

import java.time.Instant;

import dev.fleetgateway.usocket.Errno;

/** What an outbound session knows of its dialling: its redial loop, attempts so far and the next attempt. */
final class DialState {

    final Redial redial;
    private volatile int attempts;
    private volatile Instant nextAttemptAt;
    /** Why the last dial failed (kept after a later success, as the session's errno until it ends). */
    private volatile Errno lastError;

    DialState(Redial redial) {
        this.redial = redial;
    }

    /** An attempt starts (event loop). */
    void attempt() {
        attempts++;
        nextAttemptAt = null;
    }

    void nextAttemptAt(Instant at) {
        nextAttemptAt = at;
    }

    void failed(Errno cause) {
        lastError = cause;
    }

    Errno lastError() {
        return lastError;
    }

    int attempts() {
        return attempts;
    }

    Instant nextAttemptAt() {
        return nextAttemptAt;
    }
}
