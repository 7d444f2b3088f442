package dev.fleetgateway.cluster.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.cluster.ClusterMetrics;
import dev.fleetgateway.cluster.ClusterProperties;
import dev.fleetgateway.cluster.ForwardProperties;
import dev.fleetgateway.cluster.Replica;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.LogThrottle;
import dev.fleetgateway.system.web.EndsBeforeShutdown;
import dev.fleetgateway.system.web.Problems;

/**
 * Forwards one REST call to the replica that owns its module or session and passes the answer back unchanged
 * (status, the headers that carry meaning, the body streamed as it comes). The servlet request goes async, so a
 * waiting long-poll or an open stream holds no servlet thread here; the HTTP client's own threads and the
 * container's write callbacks move the bytes. At most {@code max-in-flight} calls are open at once.
 */
final class Forwarder implements EndsBeforeShutdown {

    private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

    // Request headers passed on: what the owner needs to pick the same handler and representation.
    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
            "Last-Event-ID");
    // Answer headers never copied: hop-by-hop ones and those this container writes itself.
    static final Set<String> DROPPED = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "date", "server", "upgrade", "trailer", ":status");

    private final HttpClient client;
    private final ClusterDirectory directory;
    private final String secret;
    private final ForwardProperties props;
    private final Semaphore inFlight;
    private final ClusterMetrics metrics;
    private final LogThrottle logs = new LogThrottle(log);
    // Forwarded streams never end by themselves: on shutdown they are ended so that graceful shutdown need not wait.
    private final Set<ForwardedCall> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Forwarder(HttpClient client, ClusterDirectory directory, ClusterProperties cluster, ForwardProperties props,
            ClusterMetrics metrics) {
        this.client = client;
        this.directory = directory;
        this.secret = cluster.internalSecret();
        this.props = props;
        int permits = Math.max(1, props.maxInFlight());
        this.inFlight = new Semaphore(permits);
        this.metrics = metrics;
        metrics.forwardsInFlight(() -> permits - inFlight.availablePermits());
    }

    /**
     * Request attribute set when the owner could not be reached and nothing was sent to it: the call is dispatched
     * again and served on this replica (for a module, as offline here: a send with {@code queue=true} is queued).
     */
    static final String SERVE_LOCALLY = Forwarder.class.getName() + ".serveLocally";

    /**
     * Takes over the call: the request goes async and the owner's answer completes it.
     *
     * @param wait          how long the call itself may wait on the owner (its timeout or wait parameter)
     * @param stream        an event stream: no deadline once its head has arrived
     * @param localFallback serve the call here when the owner refuses the connection (a replica that is stopping
     *                      or gone): module-addressed calls, whose module then counts as offline
     */
    void forward(HttpServletRequest request, HttpServletResponse response, Replica owner, Duration wait,
            boolean stream, boolean localFallback) throws IOException {
        long start = System.nanoTime();
        if (!inFlight.tryAcquire()) {
            metrics.forwarded(ClusterMetrics.Forward.LIMITED, start);
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "forward-limit", "Too many forwarded calls",
                    "This replica has " + props.maxInFlight() + " calls open to other replicas "
                            + "(gateway.cluster.forward.max-in-flight); retry shortly")
                    .with("replica", directory.self().id());
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        };
        HttpRequest outbound;
        byte[] body;
        try {
            // Bounded by the request-size filter before it gets here; read on this servlet thread, once.
            body = request.getInputStream().readAllBytes();
            outbound = outbound(request, owner, body, wait);
        } catch (IOException | RuntimeException e) {
            release.run();
            throw e;
        }
        // With the body kept, so that a local fallback can dispatch the call again and read it once more.
        HttpServletRequest replay = localFallback ? new CachedBodyRequest(request, body) : request;
        AsyncContext async = request.startAsync(replay, response);
        Duration deadline = props.connectTimeout().plus(props.answerTimeout()).plus(wait).plusSeconds(5);
        async.setTimeout(stream ? 0 : deadline.toMillis());
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> call =
                client.sendAsync(outbound, HttpResponse.BodyHandlers.ofPublisher());
        ForwardedCall c = new ForwardedCall(async, request, response, owner, release, localFallback, streams, logs,
                outcome -> metrics.forwarded(outcome, start));
        if (stream) {
            streams.add(c);
        }
        async.addListener(c);
        call.whenComplete(c::answered);
    }

    /** Ends every forwarded stream still open (the application stops); later calls are the web server's to refuse. */
    @Override
    public void endStreams() {
        for (ForwardedCall c : List.copyOf(streams)) {
            c.stop();
        }
    }

    private HttpRequest outbound(HttpServletRequest request, Replica owner, byte[] body, Duration wait) {
        String query = request.getQueryString();
        URI target = URI.create(trimSlash(owner.internalUri().toString()) + request.getRequestURI()
                + (query == null ? "" : "?" + query));
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(props.answerTimeout().plus(wait))
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : REQUEST_HEADERS) {
            String v = request.getHeader(name);
            if (v != null) {
                b.header(name, v);
            }
        }
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        b.header(ClusterHeaders.SECRET, secret)
                .header(ClusterHeaders.CALLER, a == null ? "-" : a.getName())
                .header(ClusterHeaders.ROLES, roles(a))
                .header(ClusterHeaders.VIA, directory.self().id());
        return b.build();
    }

    static String roles(Authentication a) {
        if (a == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (GrantedAuthority g : a.getAuthorities()) {
            String name = g.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                s.append(s.isEmpty() ? "" : ",").append(name.substring(5).toLowerCase(Locale.ROOT));
            }
        }
        return s.toString();
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
