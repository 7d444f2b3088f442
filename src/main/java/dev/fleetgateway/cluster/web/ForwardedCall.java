package dev.fleetgateway.cluster.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.fleetgateway.cluster.ClusterMetrics.Forward;
import dev.fleetgateway.cluster.OwnerCalls;
import dev.fleetgateway.cluster.Replica;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.web.Problems;

/** One forwarded call between its start and the end of the answer: the async request and the owner's answer. */
final class ForwardedCall implements AsyncListener {

    private final AsyncContext async;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Replica owner;
    private final Runnable release;
    private final boolean localFallback;
    private final java.util.function.Function<Throwable, FleetException> failures;
    private final AtomicBoolean over = new AtomicBoolean();
    private final Consumer<Forward> outcomes;
    /** The outcome is counted once: when the owner's answer head comes, or when the call ends without one. */
    private final AtomicBoolean counted = new AtomicBoolean();
    private volatile CompletableFuture<?> pending;
    private volatile BodyPump pump;

    ForwardedCall(AsyncContext async, HttpServletRequest request, HttpServletResponse response, Replica owner,
            Runnable release, boolean localFallback, Set<ForwardedCall> streams,
            java.util.function.Function<Throwable, FleetException> failures,
            Consumer<Forward> outcomes) {
        this.async = async;
        this.outcomes = outcomes;
        this.request = request;
        this.response = response;
        this.owner = owner;
        this.localFallback = localFallback;
        this.failures = failures;
        this.release = () -> {
            release.run();
            streams.remove(this);
        };
    }

    /** Ends the call where it is (on shutdown): the caller's stream ends, the owner's connection closes. */
    void stop() {
        BodyPump p = pump;
        if (p != null) {
            p.abort();
        } else {
            end();
        }
    }

    void answered(HttpResponse<Flow.Publisher<List<ByteBuffer>>> answer, Throwable err) {
        if (over.get()) {
            if (answer != null) {
                answer.body().subscribe(new DiscardBody());
            }
            return;
        }
        if (err != null) {
            if (localFallback && unreached(err) && over.compareAndSet(false, true)) {
                // Nothing reached the owner (a replica stopping or gone): serve the call here instead.
                count(Forward.LOCAL_FALLBACK);
                release.run();
                request.setAttribute(Forwarder.SERVE_LOCALLY, owner.id());
                async.dispatch();
                return;
            }
            ProblemDetail pd = problemFor(err);
            count(pd.getStatus() == HttpStatus.GATEWAY_TIMEOUT.value() ? Forward.TIMEOUT : Forward.UNREACHABLE);
            fail(pd);
            return;
        }
        count(Forward.ANSWERED);
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!OwnerCalls.DROPPED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> response.addHeader(name, v));
            }
        });
        response.setHeader(ClusterHeaders.REPLICA, owner.id());
        try {
            BodyPump p = new BodyPump(response.getOutputStream(), this::end);
            pump = p;
            answer.body().subscribe(p);
        } catch (IOException | RuntimeException e) {
            answer.body().subscribe(new DiscardBody());
            end();
        }
    }

    private static boolean unreached(Throwable err) {
        return OwnerCalls.unreached(err);
    }

    private ProblemDetail problemFor(Throwable err) {
        return Problems.of(failures.apply(err));
    }

    private void fail(ProblemDetail pd) {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        try {
            if (!response.isCommitted()) {
                response.reset();
                if (pd.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                    response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                }
                Problems.write(response, pd);
            }
        } catch (IOException | RuntimeException e) {
            // the caller left; nothing more to tell it
        } finally {
            release.run();
            completeQuietly();
        }
    }

    private void count(Forward outcome) {
        if (counted.compareAndSet(false, true)) {
            outcomes.accept(outcome);
        }
    }

    private void end() {
        count(Forward.CANCELLED);
        if (over.compareAndSet(false, true)) {
            release.run();
            completeQuietly();
        }
    }

    private void completeQuietly() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed by the container (timeout or error)
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        BodyPump p = pump;
        if (p != null) {
            p.abort();
        }
        ProblemDetail pd = Problems.of(HttpStatus.GATEWAY_TIMEOUT, "replica-timeout",
                "Replica did not answer in time", "Replica '" + owner.id() + "' did not answer in time");
        pd.setProperty("replica", owner.id());
        count(Forward.TIMEOUT);
        fail(pd);
    }

    @Override
    public void onError(AsyncEvent event) {
        BodyPump p = pump;
        if (p != null) {
            p.abort();
        }
        end();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        count(Forward.CANCELLED);
        BodyPump p = pump;
        if (p != null && !over.get()) {
            p.abort();
        }
        release.run();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}

