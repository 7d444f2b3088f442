package dev.fleetgateway.console.web;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.fleetgateway.console.ConsoleProperties;
import dev.fleetgateway.console.FleetOverview;
import dev.fleetgateway.console.TrafficHistory;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionEvents;
import dev.fleetgateway.session.SessionListener;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.session.SessionView;
import dev.fleetgateway.simulator.SimulatorService;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.web.BoundedSseSubscriber;
import dev.fleetgateway.system.web.EndsBeforeShutdown;

/**
 * The console's live updates as Server-Sent Events whose data is HTML for htmx to swap (and JSON samples for the
 * charts): the overview (counts and samples each tick), the simulator (fleet figures each tick) and one module
 * (its session panel each tick and on connect and close, and every frame it sends, from the event loop). Bounded:
 * at most {@code gateway.console.max-streams} streams, each with a bounded queue drained by a small writer pool; a
 * stream that falls behind is ended, never buffered without limit.
 */
@Component
class ConsoleStreams implements DisposableBean, EndsBeforeShutdown, SessionListener {

    enum Topic { OVERVIEW, SIMULATOR, MODULE }

    private final ConsoleProperties props;
    private final SessionRegistry sessions;
    private final FleetOverview overview;
    private final TrafficHistory history;
    private final SimulatorService simulator;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService writers;
    private volatile boolean accepting;

    ConsoleStreams(ConsoleProperties props, SessionRegistry sessions, FleetOverview overview, TrafficHistory history,
            SimulatorService simulator) {
        this.props = props;
        this.sessions = sessions;
        this.overview = overview;
        this.history = history;
        this.simulator = simulator;
        this.writers = BoundedSseSubscriber.writers("fleet-console-sse", 2);
    }

    SseEmitter open(Topic topic) {
        return register(topic, null).out.emitter();
    }

    /** A module's stream: its current session's new frames from now on, then those of every later session. */
    SseEmitter module(String moduleKey) {
        Stream s = register(Topic.MODULE, moduleKey);
        sessions.findByModuleKey(moduleKey).filter(m -> !m.isClosed())
                .ifPresent(m -> attach(s, m, m.stats().lastSeq()));
        return s.out.emitter();
    }

    private Stream register(Topic topic, String moduleKey) {
        if (!accepting) {
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "shutting-down", "Shutting down",
                    "The gateway is shutting down; console streams are closed");
        }
        if (count.incrementAndGet() > props.maxStreams()) {
            count.decrementAndGet();
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "too-many-console-streams",
                    "Too many console streams", "At most " + props.maxStreams()
                            + " console pages may stream at once (gateway.console.max-streams)");
        }
        Stream s = new Stream(topic, moduleKey);
        streams.add(s);
        return s;
    }

    /** Subscribes a module stream to a session's frames (replaying those after {@code after}), dropping the last. */
    private void attach(Stream s, ModuleSession session, long after) {
        synchronized (s) {
            if (session.id().equals(s.sessionId) || s.out.isReleased()) {
                return;
            }
            Runnable previous = s.unsubscribe;
            s.sessionId = session.id();
            s.unsubscribe = session.subscribe(after, f -> s.offer("frame", Fragments.frame(f)), () -> { });
            if (previous != null) {
                previous.run();
            }
        }
    }

    @Scheduled(fixedRateString = "${gateway.console.tick:2s}", timeUnit = TimeUnit.MILLISECONDS)
    void tick() {
        if (streams.isEmpty()) {
            return;
        }
        String counts = null;
        String sample = null;
        String fleets = null;
        for (Stream s : streams) {
            switch (s.topic) {
                case OVERVIEW -> {
                    if (counts == null) {
                        counts = Fragments.overview(overview.snapshot());
                        TrafficHistory.Sample latest = history.latest();
                        sample = latest == null ? "" : Fragments.samples(List.of(latest));
                    }
                    s.offer("counts", counts);
                    if (!sample.isEmpty()) {
                        s.offer("sample", sample);
                    }
                }
                case SIMULATOR -> {
                    if (fleets == null) {
                        fleets = Fragments.fleets(simulator.list());
                    }
                    s.offer("fleets", fleets);
                }
                case MODULE -> s.offer("session", Fragments.session(
                        sessions.findByModuleKey(s.moduleKey).map(SessionView::of).orElse(null)));
            }
        }
    }

    @Override
    public void onIdentified(SessionEvents.Identified e) {
        for (Stream s : streams) {
            if (s.topic == Topic.MODULE && e.moduleKey().equals(s.moduleKey)) {
                attach(s, e.session(), 0L);
                s.offer("session", Fragments.session(SessionView.of(e.session())));
            }
        }
    }

    @Override
    public void onClosed(SessionEvents.Closed e) {
        for (Stream s : streams) {
            if (s.topic == Topic.MODULE && e.session().id().equals(s.sessionId)) {
                s.offer("session", Fragments.session(SessionView.of(e.session())));
            }
        }
    }

    int open() {
        return count.get();
    }

    /** Takes streams (from the start, and again after a stop). */
    @Override
    public void reopenStreams() {
        accepting = true;
    }

    // A stream never ends by itself and graceful shutdown waits for open requests: system.web.StreamShutdown
    // ends them first, with the API's streams (after the module port drained, before the web server's shutdown).
    @Override
    public void endStreams() {
        accepting = false;
        streams.forEach(Stream::finish);
    }

    @Override
    public void destroy() {
        streams.forEach(Stream::finish);
        writers.shutdownNow();
    }

    /** One open page: what it shows, and its bounded queue. */
    private final class Stream {
        // too slow: no last event, the page's EventSource reconnects and starts afresh
        final BoundedSseSubscriber out = new BoundedSseSubscriber(props.streamQueue(), writers, () -> null,
                this::released);
        final Topic topic;
        final String moduleKey;
        volatile String sessionId;
        volatile Runnable unsubscribe;

        Stream(Topic topic, String moduleKey) {
            this.topic = topic;
            this.moduleKey = moduleKey;
        }

        void offer(String name, String data) {
            out.offer(name, data);
        }

        void finish() {
            out.finish();
        }

        private void released() {
            streams.remove(this);
            count.decrementAndGet();
            Runnable r;
            synchronized (this) {
                r = unsubscribe;
                unsubscribe = null;
            }
            if (r != null) {
                r.run();
            }
        }
    }
}
