package dev.fleetgateway.session;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the session core; tags come only from bounded enums, never a module key or address. */
@Component
class SessionMetrics {

    private final MeterRegistry registry;
    private final Map<Direction, Map<CloseReason, Counter>> closed = new EnumMap<>(Direction.class);
    private final Map<Direction, Counter> opened = new EnumMap<>(Direction.class);
    private final Counter identified;
    private final Counter anonymous;
    private final Counter replaced;
    private final Counter limitRejected;
    private final Counter pauses;
    private final Counter drops;
    private final Counter oversize;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter framesIn;
    private final Counter framesOut;

    SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Direction d : Direction.values()) {
            String dir = d.name().toLowerCase();
            opened.put(d, Counter.builder("fleet.sessions.opened").description("Sessions opened")
                    .tag("direction", dir).register(registry));
            Map<CloseReason, Counter> byReason = new EnumMap<>(CloseReason.class);
            for (CloseReason r : CloseReason.values()) {
                byReason.put(r, Counter.builder("fleet.sessions.closed").description("Sessions closed")
                        .tag("direction", dir).tag("reason", r.name().toLowerCase()).register(registry));
            }
            closed.put(d, byReason);
        }
        identified = identification("identified");
        anonymous = identification("anonymous");
        replaced = Counter.builder("fleet.sessions.replaced")
                .description("Sessions closed because the same module key connected again").register(registry);
        limitRejected = Counter.builder("fleet.sessions.rejected").description("Connections refused at a limit")
                .tag("limit", "max_sessions").register(registry);
        pauses = Counter.builder("fleet.buffer.backpressure.pauses")
                .description("Times a socket was paused because its receive buffer was full").register(registry);
        drops = Counter.builder("fleet.buffer.dropped.frames")
                .description("Frames dropped by the drop-oldest overflow policy").register(registry);
        oversize = Counter.builder("fleet.frames.oversize").description("Frames over the max frame size")
                .register(registry);
        bytesIn = traffic("fleet.traffic.bytes", "in", "Bytes received from or sent to modules");
        bytesOut = traffic("fleet.traffic.bytes", "out", "Bytes received from or sent to modules");
        framesIn = traffic("fleet.traffic.frames", "in", "Frames received from or sent to modules");
        framesOut = traffic("fleet.traffic.frames", "out", "Frames received from or sent to modules");
    }

    private Counter identification(String outcome) {
        return Counter.builder("fleet.sessions.identification").description("Outcomes of hello identification")
                .tag("outcome", outcome).register(registry);
    }

    private Counter traffic(String name, String direction, String description) {
        return Counter.builder(name).description(description).tag("direction", direction)
                .tag("plane", "gateway").register(registry);
    }

    void bindGauges(SessionRegistry sessions) {
        for (Direction d : Direction.values()) {
            for (SessionState s : SessionState.values()) {
                if (s == SessionState.CLOSED) {
                    continue;
                }
                Gauge.builder("fleet.sessions", sessions, r -> r.count(d, s))
                        .description("Sessions by state and direction")
                        .tag("direction", d.name().toLowerCase()).tag("state", s.name().toLowerCase())
                        .register(registry);
            }
        }
        Gauge.builder("fleet.buffer.bytes", sessions, SessionRegistry::bufferedBytes)
                .description("Bytes held in receive buffers").baseUnit("bytes").register(registry);
    }

    void opened(Direction d) {
        opened.get(d).increment();
    }

    void closed(Direction d, CloseReason r) {
        closed.get(d).get(r).increment();
        if (r == CloseReason.REPLACED) {
            replaced.increment();
        }
        if (r == CloseReason.FRAME_TOO_LARGE) {
            oversize.increment();
        }
    }

    void identified() {
        identified.increment();
    }

    void anonymous() {
        anonymous.increment();
    }

    void limitRejected() {
        limitRejected.increment();
    }

    void pause() {
        pauses.increment();
    }

    void dropped(int frames) {
        drops.increment(frames);
    }

    void received(long bytes) {
        bytesIn.increment(bytes);
        framesIn.increment();
    }

    void sent(long bytes) {
        bytesOut.increment(bytes);
        framesOut.increment();
    }

    MeterRegistry registry() {
        return registry;
    }
}
