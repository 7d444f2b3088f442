package dev.fleetgateway.session;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.Errno;

/** A send that could not be done; {@link #reason()} says why, with the usocket errno where a socket error caused it. */
public class SendException extends FleetException {

    /** Why a send failed. */
    public enum Reason { NOT_OPEN, NOT_READING, TIMEOUT, FAILED }

    private final Reason reason;
    private final Errno errno;

    public SendException(Reason reason, Errno errno, String message) {
        super(kind(reason), type(reason), title(reason), message);
        this.reason = reason;
        this.errno = errno;
        if (errno != null) {
            with("errno", errno.code()).with("errnoName", errno.name());
        }
    }

    private static Kind kind(Reason reason) {
        return switch (reason) {
            case NOT_OPEN -> Kind.CONFLICT;
            case NOT_READING -> Kind.UNAVAILABLE;
            case TIMEOUT -> Kind.PEER_TIMEOUT;
            case FAILED -> Kind.PEER_FAILED;
        };
    }

    private static String type(Reason reason) {
        return switch (reason) {
            case NOT_OPEN -> "session-closed";
            case NOT_READING -> "module-not-reading";
            case TIMEOUT -> "send-timeout";
            case FAILED -> "send-failed";
        };
    }

    private static String title(Reason reason) {
        return switch (reason) {
            case NOT_OPEN -> "Session not open";
            case NOT_READING -> "Module not reading";
            case TIMEOUT -> "Send timed out";
            case FAILED -> "Send failed";
        };
    }

    public Reason reason() {
        return reason;
    }

    public Errno errno() {
        return errno;
    }
}
