package dev.fleetgateway.session;

/** Why a session ended. */
public enum CloseReason {
    /** The module closed its socket (FIN). */
    CLIENT_CLOSED,
    /** {@code DELETE} over the API, like {@code socket.close()}. */
    CLOSED_BY_API,
    /** The connection was reset (RST) or broke. */
    RESET,
    /** Nothing received for {@code read-idle}. */
    IDLE_TIMEOUT,
    /** The module did not identify within {@code hello.timeout} while hello is required. */
    HELLO_TIMEOUT,
    /** The first line was not a valid hello while hello is required. */
    HELLO_REJECTED,
    /** The same module key connected again; the newer session won. */
    REPLACED,
    /** The module key was already bound and the duplicate policy is {@code reject}. */
    DUPLICATE_REJECTED,
    /**
     * The hello's claim was refused: a missing, wrong or revoked credential, an unknown module or an
     * anonymous session under a policy that refuses strangers ({@code fleet.sessions.identity.refused} says which).
     */
    IDENTITY_REFUSED,
    /** A frame exceeded the max frame size. */
    FRAME_TOO_LARGE,
    /** The {@code max-sessions} limit was reached. */
    LIMIT_REACHED,
    /** An outbound dial failed (errno tells why) and no retry is left. */
    CONNECT_FAILED,
    /** The gateway shut down. */
    SHUTDOWN,
    /** The TLS handshake failed (not TLS, untrusted or missing client certificate, timeout). */
    TLS_FAILED,
    /** An unexpected error. */
    ERROR;

    /** Whether the module failed to identify itself: counted against its source address. */
    public boolean identificationFailed() {
        return this == HELLO_TIMEOUT || this == HELLO_REJECTED || this == TLS_FAILED || this == IDENTITY_REFUSED;
    }
}
