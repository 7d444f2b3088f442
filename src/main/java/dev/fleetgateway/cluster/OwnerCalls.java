package dev.fleetgateway.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.LogThrottle;

/**
 * The transport-neutral part of forwarding a call to the replica that holds its module or session, shared by the
 * REST port ({@code cluster.web.Forwarder}, servlet async and streamed) and the data-plane port (buffered): the
 * bound on calls open at once ({@code max-in-flight}), the request to the owner's internal port with the shared
 * secret and the caller the forwarding replica asserts, the meters, and what a failure means (the owner never
 * reached, timed out, unreachable).
 */
public final class OwnerCalls {

    private static final Logger log = LoggerFactory.getLogger(OwnerCalls.class);

    /** Request headers passed on: what the owner needs to pick the same handler and representation. */
    public static final List<String> REQUEST_HEADERS = List.of("Content-Type", "Accept", "Last-Event-ID");
    /** Answer headers never copied back: hop-by-hop ones and those the answering server writes itself. */
    public static final Set<String> DROPPED = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "date", "server", "upgrade", "trailer", ":status");
    /** The forwarded call's headers: the shared secret, the asserted caller and roles, the forwarding replica. */
    public static final String SECRET = "X-Fleet-Internal";
    public static final String CALLER = "X-Fleet-Caller";
    public static final String ROLES = "X-Fleet-Roles";
    public static final String VIA = "X-Fleet-Via";
    /** On a forwarded answer: the id of the replica that answered. */
    public static final String REPLICA = "X-Fleet-Replica";

    /** A buffered answer of the owner: status, the headers that carry meaning (not {@link #DROPPED}), body. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    /** The owner took no part in the call (it refused the connection): the caller may serve it locally. */
    public static final class Unreached extends RuntimeException {

        Unreached(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    private final HttpClient client;
    private final ClusterDirectory directory;
    private final String secret;
    private final ForwardProperties props;
    private final Semaphore inFlight;
    private final ClusterMetrics metrics;
    private final LogThrottle logs = new LogThrottle(log);

    public OwnerCalls(HttpClient client, ClusterDirectory directory, ClusterProperties cluster,
            ForwardProperties props, ClusterMetrics metrics) {
        this.client = client;
        this.directory = directory;
        this.secret = cluster.internalSecret();
        this.props = props;
        int permits = Math.max(1, props.maxInFlight());
        this.inFlight = new Semaphore(permits);
        this.metrics = metrics;
        metrics.forwardsInFlight(() -> permits - inFlight.availablePermits());
    }

    public ForwardProperties props() {
        return props;
    }

    /**
     * One of the {@code max-in-flight} places, released once by the returned action; when none is free, a 503
     * {@code forward-limit} problem (to be answered with {@code Retry-After: 1}).
     */
    public Runnable acquire(long startNanos) {
        if (!inFlight.tryAcquire()) {
            metrics.forwarded(ClusterMetrics.Forward.LIMITED, startNanos);
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "forward-limit", "Too many forwarded calls",
                    "This replica has " + props.maxInFlight() + " calls open to other replicas "
                            + "(gateway.cluster.forward.max-in-flight); retry shortly")
                    .with("replica", directory.self().id());
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        };
    }

    /**
     * The request to the owner's internal port: same method, path and query, the {@link #REQUEST_HEADERS} the
     * caller sent ({@code header} gives them), the body, and the caller as this replica authenticated it.
     */
    public HttpRequest request(Replica owner, String method, String pathAndQuery,
            java.util.function.Function<String, String> header, byte[] body, Duration wait, String caller,
            String roles) {
        String base = owner.internalUri().toString();
        URI target = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(props.answerTimeout().plus(wait))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : REQUEST_HEADERS) {
            String v = header.apply(name);
            if (v != null) {
                b.header(name, v);
            }
        }
        return b.header(SECRET, secret).header(CALLER, caller == null ? "-" : caller).header(ROLES, roles)
                .header(VIA, directory.self().id()).build();
    }

    /** Sends a request built by {@link #request}; the answer's body as the handler takes it. */
    public <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        return client.sendAsync(request, body);
    }

    /** Counts a forwarded call's outcome and time. */
    public void count(ClusterMetrics.Forward outcome, long startNanos) {
        metrics.forwarded(outcome, startNanos);
    }

    /**
     * A whole call, buffered: a place, the request, the owner's answer with its meaningful headers. Fails with a
     * {@link FleetException} (forward-limit, replica-timeout, replica-unreachable), or with {@link Unreached}
     * when {@code localFallback} and nothing reached the owner. Does not block, but the HTTP client may resolve
     * the owner's name on the calling thread: call it off an event loop.
     */
    public CompletableFuture<Answer> call(Replica owner, String method, String pathAndQuery,
            java.util.function.Function<String, String> header, byte[] body, Duration wait, String caller,
            String roles, boolean localFallback) {
        long start = System.nanoTime();
        Runnable release = acquire(start);
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = send(request(owner, method, pathAndQuery, header, body, wait, caller, roles),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        CompletableFuture<Answer> out = new CompletableFuture<>();
        sent.handle((r, err) -> {
            release.run();
            if (err != null) {
                if (localFallback && unreached(err)) {
                    count(ClusterMetrics.Forward.LOCAL_FALLBACK, start);
                    return out.completeExceptionally(new Unreached(err));
                }
                FleetException f = failure(owner, err);
                count(f.kind() == FleetException.Kind.PEER_TIMEOUT ? ClusterMetrics.Forward.TIMEOUT
                        : ClusterMetrics.Forward.UNREACHABLE, start);
                return out.completeExceptionally(f);
            }
            count(ClusterMetrics.Forward.ANSWERED, start);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            r.headers().map().forEach((name, values) -> {
                if (!DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                    headers.put(name, values);
                }
            });
            headers.put(REPLICA, List.of(owner.id()));
            return out.complete(new Answer(r.statusCode(), headers, r.body()));
        });
        // A caller that leaves cancels the call: the owner's connection is closed, its place freed.
        out.whenComplete((a, t) -> {
            if (out.isCancelled()) {
                sent.cancel(true);
            }
        });
        return out;
    }

    /**
     * Whether the owner took no part in the call: it refused the connection, or it closed a kept-alive
     * connection without a single byte of answer (a stopping Tomcat does that to a request that arrives after
     * its graceful shutdown began, without serving it).
     */
    public static boolean unreached(Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                || cause instanceof IOException && String.valueOf(cause.getMessage()).contains("received no bytes");
    }

    /** What a failed call to the owner is: 504 replica-timeout or 503 replica-unreachable, naming the replica. */
    public FleetException failure(Replica owner, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        boolean timeout = cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException);
        if (!(cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException || timeout)) {
            logs.warn("Forward to replica {} failed: {}", owner.id(), cause.toString());
        }
        FleetException f = timeout
                ? new FleetException(FleetException.Kind.PEER_TIMEOUT, "replica-timeout",
                        "Replica did not answer in time",
                        "Replica '" + owner.id() + "', which holds this module or session, did not answer in time")
                : new FleetException(FleetException.Kind.UNAVAILABLE, "replica-unreachable", "Replica unreachable",
                        "Replica '" + owner.id() + "', which holds this module or session, cannot be reached; "
                                + "retry shortly (its modules reconnect elsewhere if it is gone)");
        return f.with("replica", owner.id());
    }
}
