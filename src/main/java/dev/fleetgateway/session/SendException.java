package dev.fleetgateway.session;

/** A send that could not be done; {@link #kind()} tells the API which status to answer. */
public class SendException extends RuntimeException {

    /** Why a send failed. */
    public enum Kind { NOT_OPEN, NOT_READING, TIMEOUT, FAILED }

    private final Kind kind;
    private final Errno errno;

    public SendException(Kind kind, Errno errno, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.errno = errno;
    }

    public Kind kind() {
        return kind;
    }

    public Errno errno() {
        return errno;
    }
}
