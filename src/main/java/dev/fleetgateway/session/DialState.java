package dev.fleetgateway.session;

import java.time.Instant;

/** What an outbound session knows of its dialling: its redial loop, attempts so far and the next attempt. */
final class DialState {

    final Redial redial;
    private volatile int attempts;
    private volatile Instant nextAttemptAt;

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

    int attempts() {
        return attempts;
    }

    Instant nextAttemptAt() {
        return nextAttemptAt;
    }
}
