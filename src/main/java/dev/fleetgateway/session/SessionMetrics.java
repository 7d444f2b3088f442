package dev.fleetgateway.session;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the session core; tags come only from bounded enums, never a module key or address. */
@Component
class SessionMetrics {

    private final MeterRegistry registry;
    private final Map<Direction, Map<CloseReason, Counter>> closed = new EnumMap<>(Direction.class);
    private final Map<Direction, Counter> opened = new EnumMap<>(Direction.class);
    private final Counter identified;
    private final Counter anonymous;
    private final Counter helloTimeout;
    private final Counter helloRejected;
    private final Counter duplicateRejected;
    private final Counter identityRefused;
    private final Counter replaced;
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
    private final Counter pauses;
    private final Counter drops;
    private final Counter oversize;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter framesIn;
    private final Counter framesOut;
    // Kept beside the counters so /api/v1/stats is exact whatever meter filters or registries are configured.
    private final LongAdder openedTotal = new LongAdder();
    private final LongAdder closedTotal = new LongAdder();
    private final LongAdder bytesInTotal = new LongAdder();
    private final LongAdder bytesOutTotal = new LongAdder();
    private final LongAdder framesInTotal = new LongAdder();
    private final LongAdder framesOutTotal = new LongAdder();

    SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Direction d : Direction.values()) {
            String dir = d.name().toLowerCase();
            opened.put(d, Counter.builder("fleet.sessions.opened")
                    .description("Sessions opened (inbound accepted, outbound connected)")
                    .tag("direction", dir).register(registry));
            Map<CloseReason, Counter> byReason = new EnumMap<>(CloseReason.class);
            for (CloseReason r : CloseReason.values()) {
                byReason.put(r, Counter.builder("fleet.sessions.closed").description("Sessions ended, by close reason")
                        .tag("direction", dir).tag("reason", r.name().toLowerCase()).register(registry));
            }
            closed.put(d, byReason);
        }
        identified = identification("identified");
        anonymous = identification("anonymous");
        helloTimeout = identification("hello_timeout");
        helloRejected = identification("hello_rejected");
        duplicateRejected = identification("rejected_duplicate");
        identityRefused = identification("refused");
        replaced = Counter.builder("fleet.sessions.replaced")
                .description("Sessions closed because the same module key connected again").register(registry);
        for (Refusal r : Refusal.values()) {
            refused.put(r, Counter.builder("fleet.sessions.refused")
                    .description("Connections refused at accept, by the limit that refused them")
                    .tag("reason", r.name().toLowerCase()).register(registry));
        }
        pauses = Counter.builder("fleet.buffer.backpressure.pauses")
                .description("Times a socket was paused because its receive buffer was full").register(registry);
        drops = Counter.builder("fleet.buffer.dropped.frames")
                .description("Frames dropped by the drop-oldest overflow policy").register(registry);
        oversize = Counter.builder("fleet.frames.oversize")
                .description("Sessions closed for a frame over the max frame size")
                .register(registry);
        bytesIn = traffic("fleet.traffic.bytes", "in", "Payload bytes received from (in) or flushed to (out) modules");
        bytesOut = traffic("fleet.traffic.bytes", "out", "Payload bytes received from (in) or flushed to (out) modules");
        framesIn = traffic("fleet.traffic.frames", "in", "Frames received from (in) or sends flushed to (out) modules");
        framesOut = traffic("fleet.traffic.frames", "out", "Frames received from (in) or sends flushed to (out) modules");
    }

    private Counter identification(String outcome) {
        return Counter.builder("fleet.sessions.identification")
                .description("Identification outcomes: bound to a key, anonymous, or closed for a late, invalid, "
                        + "duplicate or refused hello")
                .tag("outcome", outcome).register(registry);
    }

    private Counter traffic(String name, String direction, String description) {
        return Counter.builder(name).description(description).tag("direction", direction)
                .tag("plane", "gateway").register(registry);
    }

    void opened(Direction d) {
        opened.get(d).increment();
        openedTotal.increment();
    }

    void closed(Direction d, CloseReason r) {
        closed.get(d).get(r).increment();
        closedTotal.increment();
        switch (r) {
            case REPLACED -> replaced.increment();
            case FRAME_TOO_LARGE -> oversize.increment();
            // The identification failures end the session, so the close reason is their one source of truth.
            case HELLO_TIMEOUT -> helloTimeout.increment();
            case HELLO_REJECTED -> helloRejected.increment();
            case DUPLICATE_REJECTED -> duplicateRejected.increment();
            case IDENTITY_REFUSED -> identityRefused.increment();
            default -> {
            }
        }
    }

    void identified() {
        identified.increment();
    }

    void anonymous() {
        anonymous.increment();
    }

    void refused(Refusal reason) {
        refused.get(reason).increment();
    }

    void pause() {
        pauses.increment();
    }

    void dropped(int frames) {
        drops.increment(frames);
    }

    /** Counts what one socket read delivered (called once per read, not per frame: it is the hot path). */
    void received(long bytes, long frames) {
        bytesIn.increment(bytes);
        framesIn.increment(frames);
        bytesInTotal.add(bytes);
        framesInTotal.add(frames);
    }

    void sent(long bytes) {
        bytesOut.increment(bytes);
        framesOut.increment();
        bytesOutTotal.add(bytes);
        framesOutTotal.increment();
    }

    SessionTotals totals() {
        return new SessionTotals(openedTotal.sum(), closedTotal.sum(), bytesInTotal.sum(), bytesOutTotal.sum(),
                framesInTotal.sum(), framesOutTotal.sum());
    }
}
