package dev.fleetgateway.cluster.web;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.fleetgateway.cluster.OwnerCalls;
import dev.fleetgateway.cluster.Replica;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.web.EndsBeforeShutdown;

/**
 * Forwards one REST call to the replica that owns its module or session and passes the answer back unchanged
 * (status, the headers that carry meaning, the body streamed as it comes); the transport-neutral part (the
 * bound, the request to the owner, what a failure means) is {@link OwnerCalls}, shared with the data-plane port. The servlet request goes async, so a
 * waiting long-poll or an open stream holds no servlet thread here; the HTTP client's own threads and the
 * container's write callbacks move the bytes. At most {@code max-in-flight} calls are open at once.
 */
final class Forwarder implements EndsBeforeShutdown {

    private final OwnerCalls calls;
    // Forwarded streams never end by themselves: on shutdown they are ended so that graceful shutdown need not wait.
    private final Set<ForwardedCall> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Forwarder(OwnerCalls calls) {
        this.calls = calls;
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
        Runnable release;
        try {
            release = calls.acquire(start);
        } catch (FleetException limited) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            throw limited;
        }
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
        Duration deadline = calls.props().connectTimeout().plus(calls.props().answerTimeout()).plus(wait)
                .plusSeconds(5);
        async.setTimeout(stream ? 0 : deadline.toMillis());
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> call =
                calls.send(outbound, HttpResponse.BodyHandlers.ofPublisher());
        ForwardedCall c = new ForwardedCall(async, request, response, owner, release, localFallback, streams,
                err -> calls.failure(owner, err), outcome -> calls.count(outcome, start));
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
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return calls.request(owner, request.getMethod(), request.getRequestURI() + (query == null ? "" : "?" + query),
                request::getHeader, body, wait, a == null ? "-" : a.getName(), roles(a));
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
}
