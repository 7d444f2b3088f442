package dev.fleetgateway.session;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.Errno;

/** An outbound dial was refused here or failed on the way (resolve or connect, with the usocket errno). */
public class DialException extends FleetException {

    /** Why a dial did not open a session. */
    public enum Reason {
        /** {@code max-sessions} is reached. */
        LIMIT,
        /** The module key already has an open session and the duplicate policy rejects a second one. */
        DUPLICATE,
        /** {@code getaddrinfo} failed. */
        RESOLVE,
        /** {@code connect} failed. */
        CONNECT
    }

    private final Reason reason;
    private final Errno errno;

    public DialException(Reason reason, Errno errno, String message) {
        super(kind(reason), errno == null ? "dial-refused" : "dial-failed",
                errno == null ? "Session not opened" : "Dial failed", message);
        this.reason = reason;
        this.errno = errno;
        if (errno != null) {
            with("errno", errno.code()).with("errnoName", errno.name()).with("stage", stage());
        }
    }

    private static Kind kind(Reason reason) {
        return switch (reason) {
            case LIMIT -> Kind.UNAVAILABLE;
            case DUPLICATE -> Kind.CONFLICT;
            case RESOLVE, CONNECT -> Kind.PEER_FAILED;
        };
    }

    public Reason reason() {
        return reason;
    }

    public Errno errno() {
        return errno;
    }

    /** {@code resolve} or {@code connect}. */
    public String stage() {
        return reason == Reason.RESOLVE ? "resolve" : "connect";
    }
}
