package dev.fleetgateway.simulator;

import java.util.concurrent.CompletionException;

import dev.fleetgateway.session.Errno;

/** The {@code OSError} errno values a QuecPython {@code usocket} program sees, and how Java errors map to them. */
public enum SocketErrno {
    EBADF(9), EAGAIN(11), EPIPE(32),
    /** The local address and port are taken. */
    EADDRINUSE(98),
    /** No local port left for the source/destination pair, or a source address that is not local. */
    EADDRNOTAVAIL(99),
    ENETUNREACH(101), ECONNABORTED(103), ECONNRESET(104), EISCONN(106),
    ENOTCONN(107), ETIMEDOUT(110), ECONNREFUSED(111), EHOSTUNREACH(113), EALREADY(114),
    /** lwIP's {@code EAI_FAIL}: the name lookup ({@code getaddrinfo}) failed. */
    EAI_FAIL(202);

    private final int code;

    SocketErrno(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /**
     * Maps a Java or Netty socket exception to the errno a usocket program would see. The I/O mapping is the
     * session core's {@link Errno}, so gateway and simulator name every error alike; this enum adds the errors
     * only a socket's own program can make (EBADF, EISCONN, EALREADY).
     */
    public static SocketErrno of(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof OsError os) {
            return os.errno();
        }
        return of(Errno.of(e).code());
    }

    /** The constant with this code; ECONNRESET for a code this enum does not name. */
    public static SocketErrno of(int code) {
        for (SocketErrno e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return ECONNRESET;
    }
}
