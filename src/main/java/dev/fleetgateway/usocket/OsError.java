package dev.fleetgateway.usocket;

import dev.fleetgateway.system.Futures;

/** A socket error, as {@code OSError(errno)} in a usocket program; thrown without a stack trace. */
public class OsError extends RuntimeException {

    private final Errno errno;

    public OsError(Errno errno, String message) {
        // Socket errors are expected outcomes (refused, reset, timeout); a stack trace would only cost time.
        super("[Errno " + errno.code() + "] " + errno.name() + ": " + message, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    /** The socket error behind any failure: itself when it is one, else its errno with the root message. */
    public static OsError of(Throwable cause) {
        Throwable e = Futures.unwrap(cause);
        if (e instanceof OsError os) {
            return os;
        }
        Throwable root = e.getCause() != null && !(e instanceof java.io.IOException) ? e.getCause() : e;
        return new OsError(Errno.of(e), String.valueOf(root.getMessage()));
    }
}
