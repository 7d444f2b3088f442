package dev.fleetgateway.session;

import java.util.concurrent.CompletableFuture;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.Errno;

/** A send that could not be done; {@link #failure()} says why, with the usocket errno where a socket error caused it. */
public class SendException extends FleetException {

    /** Why a send failed, with the kind, problem type and title each failure is reported with. */
    public enum Failure {
        /** Nothing was written: the session is not open. */
        NOT_OPEN(Kind.CONFLICT, "session-closed", "Session not open"),
        /** Nothing was written: the module is not reading (its socket is not writable). */
        NOT_READING(Kind.UNAVAILABLE, "module-not-reading", "Module not reading"),
        /** Written but not flushed in time: still pending, see {@link SendException#pending()}. */
        TIMEOUT(Kind.PEER_TIMEOUT, "send-timeout", "Send timed out"),
        /** The write failed (the connection broke); part of it may have gone out. */
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
    private final transient CompletableFuture<Integer> pending;

    public SendException(Failure failure, Errno errno, String message) {
        this(failure, errno, message, null);
    }

    public SendException(Failure failure, Errno errno, String message, CompletableFuture<Integer> pending) {
        super(failure.kind, failure.type, failure.title, message);
        this.failure = failure;
        this.errno = errno;
        this.pending = pending;
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

    /**
     * The write that timed out ({@link Failure#TIMEOUT} only, else null): it was not withdrawn and completes
     * with the byte count once flushed, or fails when the session ends first.
     */
    public CompletableFuture<Integer> pending() {
        return pending;
    }
}
