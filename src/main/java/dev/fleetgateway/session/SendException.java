package dev.fleetgateway.session;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.Errno;

/** A send that could not be done; {@link #failure()} says why, with the usocket errno where a socket error caused it. */
public class SendException extends FleetException {

    /** Why a send failed. */
    public enum Failure { NOT_OPEN, NOT_READING, TIMEOUT, FAILED }

    private final Failure failure;
    private final Errno errno;

    public SendException(Failure failure, Errno errno, String message) {
        super(kind(failure), type(failure), title(failure), message);
        this.failure = failure;
        this.errno = errno;
        if (errno != null) {
            with("errno", errno.code()).with("errnoName", errno.name());
        }
    }

    private static Kind kind(Failure failure) {
        return switch (failure) {
            case NOT_OPEN -> Kind.CONFLICT;
            case NOT_READING -> Kind.UNAVAILABLE;
            case TIMEOUT -> Kind.PEER_TIMEOUT;
            case FAILED -> Kind.PEER_FAILED;
        };
    }

    private static String type(Failure failure) {
        return switch (failure) {
            case NOT_OPEN -> "session-closed";
            case NOT_READING -> "module-not-reading";
            case TIMEOUT -> "send-timeout";
            case FAILED -> "send-failed";
        };
    }

    private static String title(Failure failure) {
        return switch (failure) {
            case NOT_OPEN -> "Session not open";
            case NOT_READING -> "Module not reading";
            case TIMEOUT -> "Send timed out";
            case FAILED -> "Send failed";
        };
    }

    public Failure failure() {
        return failure;
    }

    public Errno errno() {
        return errno;
    }
}
