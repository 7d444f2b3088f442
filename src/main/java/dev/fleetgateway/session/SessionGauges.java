package dev.fleetgateway.session;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges read from the live session table and the shared buffer budget at scrape time. Kept apart from
 * {@link SessionMetrics}, which the sessions write to, so that the table and its meters do not call each other.
 */
@Component
class SessionGauges {

    SessionGauges(SessionRegistry sessions, MeterRegistry registry) {
        for (Direction d : Direction.values()) {
            for (SessionState s : SessionState.values()) {
                if (s == SessionState.CLOSED) {
                    continue;
                }
                Gauge.builder("fleet.sessions", sessions, r -> r.count(d, s))
                        .description("Sessions not yet closed, by direction and state")
                        .tag("direction", d.name().toLowerCase()).tag("state", s.name().toLowerCase())
                        .register(registry);
            }
        }
        Gauge.builder("fleet.buffer.bytes", sessions, SessionRegistry::bufferedBytes)
                .description("Bytes held in the receive buffers of all sessions, not yet read")
                .baseUnit("bytes").register(registry);
        Gauge.builder("fleet.send.pending", sessions, r -> r.outboundLoad().pendingBytes())
                .description("Bytes written to open sessions and not yet taken by their sockets (slow or deaf modules)")
                .baseUnit("bytes").register(registry);
        Gauge.builder("fleet.sessions.unwritable", sessions, r -> r.outboundLoad().unwritable())
                .description("Open sessions whose socket takes no more sends (the module is not reading)")
                .register(registry);
        BufferBudget budget = sessions.budget();
        Gauge.builder("fleet.buffer.budget.used", budget, BufferBudget::used)
                .description("Heap taken by all receive buffers (payload plus per-frame overhead), counted against "
                        + "gateway.modules.receive-buffer-total")
                .baseUnit("bytes").register(registry);
        Gauge.builder("fleet.buffer.budget.limit", budget, BufferBudget::limit)
                .description("The receive-buffer heap budget shared by all sessions (gateway.modules.receive-buffer-total)")
                .baseUnit("bytes").register(registry);
        FunctionCounter.builder("fleet.buffer.budget.waits", budget, BufferBudget::pauses)
                .description("Times a session's socket waited for room in the shared receive-buffer budget")
                .register(registry);
    }
}
