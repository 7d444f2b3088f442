package dev.fleetgateway.bench.rest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop REST load with the JDK's async client: {@code lanes} requests in flight, each lane sending its
 * next request when the last one answered, for a fixed time or number of requests. Latencies in microseconds.
 */
public final class RestLoad {

    /** What a run did; {@code ok} counts 2xx answers. */
    public record Outcome(long ok, long errors, long elapsedNanos, Histogram latencyMicros) {
        public double perSecond() {
            return ok * 1e9 / elapsedNanos;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Runs until {@code millis} have passed or {@code maxRequests} were sent; {@code request} builds request n. */
    public Outcome run(LongFunction<HttpRequest> request, int lanes, long millis, long maxRequests)
            throws InterruptedException {
        return run(request, lanes, millis, maxRequests, status -> status / 100 == 2);
    }

    /** As {@link #run(LongFunction, int, long, long)}, counting as {@code ok} the answers whose status passes. */
    public Outcome run(LongFunction<HttpRequest> request, int lanes, long millis, long maxRequests,
            IntPredicate expected) throws InterruptedException {
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(millis);
        CompletableFuture<?>[] done = new CompletableFuture<?>[lanes];
        for (int i = 0; i < lanes; i++) {
            CompletableFuture<Void> lane = new CompletableFuture<>();
            done[i] = lane;
            next(request, expected, latency, ok, errors, issued, deadline, maxRequests, lane);
        }
        CompletableFuture.allOf(done).orTimeout(millis + 60_000, TimeUnit.MILLISECONDS).exceptionally(e -> null)
                .join();
        return new Outcome(ok.sum(), errors.sum(), System.nanoTime() - start, latency);
    }

    private void next(LongFunction<HttpRequest> request, IntPredicate expected, ConcurrentHistogram latency, LongAdder ok, LongAdder errors,
            AtomicLong issued, long deadline, long max, CompletableFuture<Void> lane) {
        long n = issued.getAndIncrement();
        if (System.nanoTime() >= deadline || n >= max) {
            lane.complete(null);
            return;
        }
        long t0 = System.nanoTime();
        client.sendAsync(request.apply(n), HttpResponse.BodyHandlers.discarding()).whenComplete((res, err) -> {
            latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            if (err == null && expected.test(res.statusCode())) {
                ok.increment();
            } else {
                errors.increment();
            }
            next(request, expected, latency, ok, errors, issued, deadline, max, lane);
        });
    }
}
