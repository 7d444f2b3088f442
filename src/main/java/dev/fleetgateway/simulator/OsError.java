package dev.fleetgateway.simulator;

/** A virtual module's socket error, as {@code OSError(errno)} on the module; thrown without a stack trace. */
public class OsError extends RuntimeException {

    private final SocketErrno errno;

    public OsError(SocketErrno errno, String message) {
        // Socket errors are expected outcomes (refused, reset, timeout); a stack trace would only cost time.
        super("[Errno " + errno.code() + "] " + errno.name() + ": " + message, null, false, false);
        this.errno = errno;
    }

    public SocketErrno errno() {
        return errno;
    }

    static OsError of(Throwable cause) {
        if (cause instanceof OsError os) {
            return os;
        }
        Throwable root = cause.getCause() != null && !(cause instanceof java.io.IOException) ? cause.getCause() : cause;
        return new OsError(SocketErrno.of(cause), String.valueOf(root.getMessage()));
    }
}
