package dev.fleetgateway.session;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Times REST sends from the request to the flush of their bytes ({@code fleet.send.latency}, tag
 * {@code addressing}); the hook every send endpoint uses, by session id or by module.
 */
@Component
public class SendTimer {

    /** How a send named its target: the value of the {@code addressing} tag. */
    public enum Addressing {
        /** {@code /api/v1/sessions/{id}/send}. */
        SESSION,
        /** A send addressed by module id or key (the outbox feature's endpoint). */
        MODULE
    }

    private final Map<Addressing, Timer> timers = new EnumMap<>(Addressing.class);

    SendTimer(MeterRegistry registry) {
        for (Addressing a : Addressing.values()) {
            // A loopback flush takes well under a millisecond, a slow cellular link seconds; the send timeout
            // caps the top. The range keeps the bucket count (series per tag value) moderate.
            timers.put(a, Timer.builder("fleet.send.latency")
                    .description("REST sends from request to flush of the bytes to the module's socket")
                    .tag("addressing", a.name().toLowerCase())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
        }
    }

    /**
     * Runs {@code send} and records the time until its future completes successfully. Failed sends are not
     * recorded (they never flushed); the HTTP server metrics count them by status.
     */
    public <T> CompletableFuture<T> time(Addressing addressing, Supplier<CompletableFuture<T>> send) {
        long start = System.nanoTime();
        Timer timer = timers.get(addressing);
        return send.get().whenComplete((result, error) -> {
            if (error == null) {
                timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
    }
}
