package dev.fleetgateway.session;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.Errno;

/** A send that could not be done; {@link #failure()} says why, with the usocket errno where a socket error caused it. */
public class SendException extends FleetException {

    /** Why a send failed, with the kind, problem type and title each failure is reported with. */
    public enum Failure {
        NOT_OPEN(Kind.CONFLICT, "session-closed", "Session not open"),
        NOT_READING(Kind.UNAVAILABLE, "module-not-reading", "Module not reading"),
        TIMEOUT(Kind.PEER_TIMEOUT, "send-timeout", "Send timed out"),
        FAILED(Kind.PEER_FAILED, "send-failed", "Send failed");

        private final Kind kind;
        private final String type;
        private final String title;

        Failure(Kind kind, String type, String title) {
            this.kind = kind;
            this.type = type;
            this.title = title;
        }
    }

    private final Failure failure;
    private final Errno errno;

    public SendException(Failure failure, Errno errno, String message) {
        super(failure.kind, failure.type, failure.title, message);
        this.failure = failure;
        this.errno = errno;
        if (errno != null) {
            with("errno", errno.code()).with("errnoName", errno.name());
        }
    }

    public Failure failure() {
        return failure;
    }

    public Errno errno() {
        return errno;
    }
}
