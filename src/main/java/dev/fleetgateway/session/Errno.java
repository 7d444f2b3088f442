package dev.fleetgateway.session;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;

/** Socket errors as QuecPython's {@code usocket} reports them in {@code OSError.args[0]}. */
public enum Errno {
    EAGAIN(11), EPIPE(32),
    /** The local address and port are taken (a bind or connect from a fixed source port). */
    EADDRINUSE(98),
    /** No local port left (ephemeral ports of one source/destination pair exhausted), or a non-local address. */
    EADDRNOTAVAIL(99),
    ENETUNREACH(101), ECONNABORTED(103), ECONNRESET(104), ENOTCONN(107), ETIMEDOUT(110),
    ECONNREFUSED(111), EHOSTUNREACH(113),
    /** lwIP's {@code EAI_FAIL}: the name lookup ({@code getaddrinfo}) failed. */
    EAI_FAIL(202);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Maps a Java/Netty socket exception to the errno a usocket program would see. */
    public static Errno of(Throwable t) {
        Throwable e = t;
        while (e.getCause() != null && !(e instanceof IOException) && !(e instanceof TimeoutException)) {
            e = e.getCause();
        }
        if (e instanceof UnknownHostException) {
            return EAI_FAIL;
        }
        if (e instanceof ConnectTimeoutException || e instanceof TimeoutException
                || e instanceof java.net.SocketTimeoutException) {
            return ETIMEDOUT;
        }
        if (e instanceof NoRouteToHostException) {
            return EHOSTUNREACH;
        }
        String msg = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        // Netty's native transport reports these as ConnectException too: test the message first.
        if (msg.contains("cannot assign requested address")) {
            return EADDRNOTAVAIL;
        }
        if (msg.contains("address already in use")) {
            return EADDRINUSE;
        }
        if (e instanceof ConnectException || msg.contains("refused")) {
            if (msg.contains("unreachable") || msg.contains("no route to host")) {
                return EHOSTUNREACH;
            }
            return ECONNREFUSED;
        }
        if (msg.contains("unreachable")) {
            return EHOSTUNREACH;
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
