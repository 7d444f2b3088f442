package dev.fleetgateway.outbox;

/** Lifecycle of a queued downlink: QUEUED, then exactly one of the terminal states. */
public enum OutboxState {
    QUEUED, DELIVERED, EXPIRED, CANCELLED, FAILED
}
