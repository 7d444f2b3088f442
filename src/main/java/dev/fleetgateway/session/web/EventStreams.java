package dev.fleetgateway.session.web;

import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.LocalReplica;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionEvents;
import dev.fleetgateway.session.SessionListener;

import dev.fleetgateway.usocket.Errno;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.web.BoundedSseSubscriber;
import dev.fleetgateway.system.web.EndsBeforeShutdown;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Server-Sent Event subscribers: bounded in number, each with a bounded queue. Events are enqueued on the
 * event loop and written by a small pool; a subscriber whose queue overflows is too slow and is dropped with
 * a final {@code dropped} event, so one slow client never grows memory or stalls the others.
 */
@Component
class EventStreams implements DisposableBean, EndsBeforeShutdown, SessionListener {

    /** One lifecycle event as streamed; {@code replica} names the replica holding the session (cluster only). */
    record LifecycleEvent(String type, String sessionId, String moduleKey, Direction direction, CloseReason reason,
            Integer errno, Instant at, String replica) {
    }

    private final StreamProperties props;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService writers;
    private final Counter droppedSlow;
    // set at shutdown: open streams are completed and new ones refused, so no stream holds the web server's
    // graceful shutdown to its timeout
    private volatile boolean closed;
    /** This replica's id in a cluster (shown on every event), null alone. */
    private final String replicaId;

    EventStreams(StreamProperties props, MeterRegistry meters, ObjectProvider<LocalReplica> replica) {
        this.props = props;
        LocalReplica self = replica.getIfAvailable();
        this.replicaId = self == null ? null : self.id();
        this.writers = BoundedSseSubscriber.writers("fleet-sse", 4);
        this.droppedSlow = Counter.builder("fleet.streams.dropped")
                .description("SSE subscribers dropped because they did not keep up").register(meters);
        Gauge.builder("fleet.streams.subscribers", count, AtomicInteger::get)
                .description("Open SSE subscriptions").register(meters);
    }

    /** Fleet-wide lifecycle events, filtered. */
    SseEmitter subscribeFleet(Predicate<LifecycleEvent> filter) {
        Subscriber sub = register();
        sub.filter = filter;
        return sub.out.emitter();
    }

    /**
     * One session's frames and lifecycle events. With {@code after}, frames still buffered after that sequence
     * number are replayed first. Replay and subscription happen on the session's event loop, the thread that
     * appends frames, so no frame falls between them and none comes twice.
     */
    SseEmitter subscribeSession(ModuleSession session, Long after) {
        Subscriber sub = register();
        sub.filter = e -> session.id().equals(e.sessionId());
        sub.onEnd = session.subscribe(after, f -> sub.offer("frame",
                FrameView.of(session.id(), f, Base64.getEncoder().encodeToString(f.data()))),
                () -> {
                    sub.offer("closed", lifecycle("closed", session, session.closeReason(), session.errno()));
                    sub.finish();
                });
        return sub.out.emitter();
    }

    private Subscriber register() {
        if (closed) {
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "shutting-down", "Shutting down",
                    "The gateway is shutting down; event streams are closed");
        }
        if (count.incrementAndGet() > props.maxSubscribers()) {
            count.decrementAndGet();
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "too-many-subscribers", "Too many subscribers",
                    "At most " + props.maxSubscribers() + " event streams may be open (gateway.streams.max-subscribers)");
        }
        Subscriber sub = new Subscriber();
        subscribers.add(sub);
        return sub;
    }

    @Override
    public void onOpened(SessionEvents.Opened e) {
        publish(lifecycle("opened", e.session(), null, null));
    }

    @Override
    public void onIdentified(SessionEvents.Identified e) {
        publish(lifecycle("identified", e.session(), null, null));
    }

    /** Another replica's session: a fleet-wide stream shows it; no session stream here follows it. */
    @EventListener
    void onRemote(SessionEvents.Remote e) {
        LifecycleEvent ev = new LifecycleEvent(e.type(), e.sessionId(), e.moduleKey(), e.direction(), e.reason(),
                e.errno(), e.at(), e.replicaId());
        for (Subscriber s : subscribers) {
            if (s.filter != null && s.onEnd == null && s.filter.test(ev)) {
                s.offer(ev.type(), ev);
            }
        }
    }

    @Override
    public void onClosed(SessionEvents.Closed e) {
        LifecycleEvent ev = lifecycle("closed", e.session(), e.reason(), e.errno());
        for (Subscriber s : subscribers) {
            if (s.filter != null && s.filter.test(ev)) {
                s.offer(ev.type(), ev);
                if (s.onEnd != null) {
                    s.finish(); // a session stream ends with its session
                }
            }
        }
    }

    private void publish(LifecycleEvent ev) {
        for (Subscriber s : subscribers) {
            if (s.filter != null && s.filter.test(ev)) {
                s.offer(ev.type(), ev);
            }
        }
    }

    private LifecycleEvent lifecycle(String type, ModuleSession s, CloseReason reason, Errno errno) {
        return new LifecycleEvent(type, s.id(), s.moduleKey(), s.direction(), reason,
                errno == null ? null : errno.code(), Instant.now(), replicaId);
    }

    /** Ends every open stream (each client sees the response end) and refuses new ones; at shutdown. */
    @Override
    public void endStreams() {
        closed = true;
        subscribers.forEach(Subscriber::finish);
    }

    /** Takes subscribers again after {@link #endStreams()} (a context restarted after a stop). */
    @Override
    public void reopenStreams() {
        closed = false;
    }

    /** A comment line now and then keeps proxies from closing idle streams and finds clients that left. */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${gateway.streams.heartbeat:15s}")
    void heartbeat() {
        for (Subscriber s : subscribers) {
            s.out.offerComment("keepalive");
        }
    }

    int subscriberCount() {
        return count.get();
    }

    @Override
    public void destroy() {
        subscribers.forEach(Subscriber::finish);
        writers.shutdownNow();
    }

    /** One SSE client: what it follows, and its bounded queue. */
    private final class Subscriber {
        final BoundedSseSubscriber out = new BoundedSseSubscriber(props.subscriberQueue(), writers, this::tooSlow,
                this::released);
        volatile Predicate<LifecycleEvent> filter;
        volatile Runnable onEnd;

        void offer(String name, Object data) {
            out.offer(name, data);
        }

        void finish() {
            out.finish();
        }

        private SseEmitter.SseEventBuilder tooSlow() {
            droppedSlow.increment();
            return SseEmitter.event().name("dropped").data(Map.of("reason",
                    "subscriber too slow: more than " + props.subscriberQueue() + " events pending"));
        }

        private void released() {
            subscribers.remove(this);
            count.decrementAndGet();
            Runnable r = onEnd;
            if (r != null) {
                r.run();
            }
        }
    }
}
