package dev.fleetgateway.outbox;

/**
 * Lifecycle of a queued downlink: QUEUED; SENDING while its bytes are being written to the module's socket
 * (cancel and expiry no longer apply: the bytes may already be out); then exactly one of the terminal states,
 * or back to QUEUED when the write failed.
 */
public enum OutboxState {
    QUEUED, SENDING, DELIVERED, EXPIRED, CANCELLED, FAILED;

    /** Whether the message is still waiting for its module (QUEUED or SENDING). */
    boolean isWaiting() {
        return this == QUEUED || this == SENDING;
    }
}
