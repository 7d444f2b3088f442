package dev.fleetgateway.dataplane.web;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The data-plane port's meters ({@code fleet.dataplane.*}), registered once at start and looked up by ordinal on
 * the hot path. Tags come from fixed enums only (the call, the outcome, the reason of a refusal); never a module,
 * session, key or address.
 */
final class DataPlaneMetrics {

    /** What a request asked: a route's verb, or {@code other} for a path this port does not serve. */
    enum CallTag {
        MODULE_SEND, SESSION_SEND, MODULE_RECV, SESSION_RECV, MODULE_MESSAGES, SESSION_MESSAGES, OTHER;

        static CallTag of(Route route) {
            return route == null ? OTHER : values()[route.verb().ordinal()];
        }
    }

    /** How a request ended, by the class of its answer; {@code forwarded} when another replica answered it. */
    enum Outcome {
        SUCCESS, CLIENT_ERROR, SERVER_ERROR, FORWARDED;

        static Outcome of(Answer a) {
            if (a.headers().containsKey("X-Fleet-Replica")) {
                return FORWARDED;
            }
            return a.status() >= 500 ? SERVER_ERROR : a.status() >= 400 ? CLIENT_ERROR : SUCCESS;
        }
    }

    /** Why the port turned work away before serving it. */
    enum Rejected {
        /** a connection beyond {@code max-connections}, closed at accept */
        CONNECTIONS,
        /** the bounded pool was full: 503 data-plane-busy */
        BUSY,
        /** {@code max-pending-recvs} reads were waiting: 429 too-many-waits */
        WAITS,
        /** a body beyond the content limit: 413 */
        TOO_LARGE
    }

    private final Timer[][] requests = new Timer[CallTag.values().length][Outcome.values().length];
    private final Counter[] rejected = new Counter[Rejected.values().length];

    private final MeterRegistry registry;

    DataPlaneMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (CallTag c : CallTag.values()) {
            for (Outcome o : Outcome.values()) {
                requests[c.ordinal()][o.ordinal()] = Timer.builder("fleet.dataplane.requests")
                        .tag("call", tag(c)).tag("outcome", tag(o))
                        .description("Requests answered on the data-plane port, by call and outcome, from the "
                                + "request read to the answer written")
                        .register(registry);
            }
        }
        for (Rejected r : Rejected.values()) {
            rejected[r.ordinal()] = Counter.builder("fleet.dataplane.rejected").tag("reason", tag(r))
                    .description("Work the data-plane port turned away at its bounds, by reason")
                    .register(registry);
        }
    }

    /** The gauges, read at scrape time from the server's and the reads' counts. */
    void gauges(IntSupplier connections, IntSupplier waiting) {
        // Strong references: the suppliers are lambdas nothing else holds (a weak gauge would read NaN after a GC).
        Gauge.builder("fleet.dataplane.connections", connections, IntSupplier::getAsInt).strongReference(true)
                .description("Open connections on the data-plane port").register(registry);
        Gauge.builder("fleet.dataplane.recvs.waiting", waiting, IntSupplier::getAsInt).strongReference(true)
                .description("recvs and cursor reads waiting for data on the data-plane port").register(registry);
    }

    void answered(Route route, Answer a, long startNanos) {
        requests[CallTag.of(route).ordinal()][Outcome.of(a).ordinal()].record(System.nanoTime() - startNanos,
                TimeUnit.NANOSECONDS);
    }

    void rejected(Rejected reason) {
        rejected[reason.ordinal()].increment();
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
