package dev.fleetgateway.usocket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import dev.fleetgateway.system.Futures;
import io.netty.channel.ConnectTimeoutException;

/**
 * The errno values of {@code OSError.args[0]} as a QuecPython {@code usocket} program sees them, for the gateway's
 * sessions and the simulator's virtual modules alike, and how Java and Netty errors map to them.
 */
public enum Errno {
    /** The socket object is closed. */
    EBADF(9),
    EAGAIN(11),
    /** The outbound policy refused the destination before any connect (as a firewall's {@code EACCES}). */
    EACCES(13),
    EPIPE(32),
    /** The local address and port are taken (a bind or connect from a fixed source port). */
    EADDRINUSE(98),
    /** No local port left (ephemeral ports of one source/destination pair exhausted), or a non-local address. */
    EADDRNOTAVAIL(99),
    ENETUNREACH(101), ECONNABORTED(103), ECONNRESET(104),
    /** {@code connect} on a socket that is already connected. */
    EISCONN(106),
    ENOTCONN(107), ETIMEDOUT(110), ECONNREFUSED(111), EHOSTUNREACH(113),
    /** {@code connect} while a connect is in progress. */
    EALREADY(114),
    /** lwIP's {@code EAI_FAIL}: the name lookup ({@code getaddrinfo}) failed. */
    EAI_FAIL(202);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The constant with this code; ECONNRESET for a code this enum does not name. */
    public static Errno of(int code) {
        for (Errno e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return ECONNRESET;
    }

    /**
     * Maps a Java or Netty socket exception (completion wrappers removed) to the errno a usocket program would
     * see; an {@link OsError} keeps its own.
     */
    public static Errno of(Throwable t) {
        Throwable e = Futures.unwrap(t);
        if (e instanceof OsError os) {
            return os.errno();
        }
        if (e instanceof OutboundRefusedException) {
            return EACCES;
        }
        while (e.getCause() != null && !(e instanceof IOException) && !(e instanceof TimeoutException)) {
            e = e.getCause();
        }
        if (e instanceof UnknownHostException) {
            return EAI_FAIL;
        }
        if (e instanceof ConnectTimeoutException || e instanceof TimeoutException
                || e instanceof SocketTimeoutException) {
            return ETIMEDOUT;
        }
        if (e instanceof NoRouteToHostException) {
            return EHOSTUNREACH;
        }
        return ofMessage(e);
    }

    private static Errno ofMessage(Throwable e) {
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
