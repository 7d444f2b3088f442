package dev.fleetgateway.simulator;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;

/** The {@code OSError} errno values a QuecPython {@code usocket} program sees, and how Java errors map to them. */
public enum SocketErrno {
    EBADF(9), EAGAIN(11), EPIPE(32), ECONNRESET(104), EISCONN(106), ENOTCONN(107), ETIMEDOUT(110),
    ECONNREFUSED(111), EHOSTUNREACH(113), EALREADY(114),
    /** lwIP's {@code EAI_FAIL}: the name lookup ({@code getaddrinfo}) failed. */
    EAI_FAIL(202);

    private final int code;

    SocketErrno(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Maps a Java or Netty socket exception to the errno a usocket program would see. */
    public static SocketErrno of(Throwable t) {
        Throwable e = t;
        // CompletionException and friends wrap the I/O error; the cause is what the socket said.
        while (e.getCause() != null && !(e instanceof IOException) && !(e instanceof TimeoutException)
                && !(e instanceof OsError)) {
            e = e.getCause();
        }
        if (e instanceof OsError os) {
            return os.errno();
        }
        if (e instanceof UnknownHostException) {
            return EAI_FAIL;
        }
        if (e instanceof ConnectTimeoutException || e instanceof TimeoutException || e instanceof SocketTimeoutException) {
            return ETIMEDOUT;
        }
        if (e instanceof NoRouteToHostException) {
            return EHOSTUNREACH;
        }
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (msg.contains("unreachable")) {
            return EHOSTUNREACH;
        }
        if (e instanceof ConnectException || msg.contains("refused")) {
            return ECONNREFUSED;
        }
        if (msg.contains("timed out")) {
            return ETIMEDOUT;
        }
        if (msg.contains("broken pipe")) {
            return EPIPE;
        }
        if (e instanceof ClosedChannelException) {
            return ENOTCONN;
        }
        return ECONNRESET;
    }
}
