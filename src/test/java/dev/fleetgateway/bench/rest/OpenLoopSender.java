package dev.fleetgateway.bench.rest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Open-loop REST load: fires request n at {@code start + n / rate} whether or not earlier ones answered, so a
 * slow server shows up as latency instead of quietly lowering the rate (no coordinated omission).
 */
public final class OpenLoopSender {

    /** What was sent; {@code ok} counts 2xx answers. */
    public record Outcome(long sent, long ok, long errors) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Outcome run(LongFunction<HttpRequest> request, int perSecond, long millis) {
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        long interval = 1_000_000_000L / perSecond;
        long total = perSecond * millis / 1000;
        long start = System.nanoTime();
        for (long n = 0; n < total; n++) {
            long due = start + n * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            pending.add(client.sendAsync(request.apply(n), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((res, err) -> {
                        if (err == null && res.statusCode() / 100 == 2) {
                            ok.increment();
                        } else {
                            errors.increment();
                        }
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        return new Outcome(total, ok.sum(), errors.sum());
    }
}
