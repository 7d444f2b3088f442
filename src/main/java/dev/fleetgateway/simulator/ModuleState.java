package dev.fleetgateway.simulator;

/** Where a virtual module is in its life (its socket's TCP state is reported separately). */
public enum ModuleState {
    /** Created, not dialing: waiting for its start, or has no profile and waits to be driven by hand. */
    IDLE,
    /** {@code getaddrinfo} in progress. */
    RESOLVING,
    /** Connect latency or TCP handshake in progress. */
    CONNECTING,
    /** Connection established. */
    CONNECTED,
    /** The peer closed or reset the connection and the socket has not been closed yet. */
    DISCONNECTED,
    /** Waiting out a reconnect back-off. */
    BACKING_OFF,
    /** Socket closed and no reconnect planned. */
    CLOSED,
    /** The module was stopped with its fleet or by a scale-down. */
    STOPPED
}
