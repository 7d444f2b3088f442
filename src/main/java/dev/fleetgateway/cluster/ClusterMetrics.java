package dev.fleetgateway.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Meters of the cluster ({@code fleet.cluster.*}), all registered here, once: the parts call the methods below.
 * Tags come from fixed sets only (outcomes, signal kinds, {@code self}/{@code others}); a replica id, module key
 * or session id is never a tag. Forwarding runs on the hot path of every forwarded call, so its counters and
 * timers are looked up by ordinal in arrays built at start.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
public class ClusterMetrics {

    /** How a forwarded call ended, as far as the forwarding replica can tell. */
    public enum Forward {
        /** the owner answered (any status: its problem details are an answer too) */
        ANSWERED,
        /** the owner could not be reached and the module-addressed call was served here as offline */
        LOCAL_FALLBACK,
        /** the owner could not be reached (or broke off) before its answer's head: 503 replica-unreachable */
        UNREACHABLE,
        /** the owner did not answer in time: 504 replica-timeout */
        TIMEOUT,
        /** the caller left, or the replica stopped, before the owner's answer came */
        CANCELLED,
        /** refused at once: {@code max-in-flight} forwarded calls were open (503 forward-limit) */
        LIMITED;

        String tag() {
            return ClusterMetrics.tag(this);
        }
    }

    // The kinds Signal defines, by letter; a letter added later counts as "other" until it is named here.
    private static final String KINDS = "PREWJGCK";
    private static final Duration[] BUCKETS = {Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    private static final String[] KIND_TAGS = {"presence", "removed", "event", "queued", "joined", "gone",
            "credentials", "registry", "other"};

    /** How a lease tick ended: renewed, lost (the row was purged: registered again), failed. */
    private enum Renewal {
        RENEWED, LOST, FAILED
    }

    /** What a presence resync did to a row. */
    private enum Resync {
        WRITTEN, REMOVED
    }

    /** How a cluster-wide list was gathered: from every replica, or without one that did not answer. */
    private enum Gather {
        COMPLETE, PARTIAL
    }

    private final MeterRegistry registry;
    private final AtomicInteger listening = new AtomicInteger();
    private final Counter[] forwardCalls;
    private final Timer[] forwardTimes = new Timer[Forward.values().length];
    private final Counter[] signals = new Counter[KIND_TAGS.length];
    private final Counter signalsFailed;
    private final Counter reconnects;
    private final Counter[] renewals;
    private final Counter purged;
    private final Counter resyncs;
    private final Counter[] resynced;
    private final Counter[] gathers;
    private final Counter gatherUnreachable;

    ClusterMetrics(MeterRegistry registry, PresenceCache cache, ReplicaIdentity identity) {
        this.registry = registry;
        String self = identity.id();
        Gauge.builder("fleet.cluster.replicas", cache, c -> c.live(Instant.now()).size())
                .description("Replicas with a current lease that this replica sees, itself included")
                .register(registry);
        presence(cache, "self", c -> c.countHeldBy(self));
        presence(cache, "others", c -> c.presenceCount() - c.countHeldBy(self));
        Gauge.builder("fleet.cluster.listener.connected", listening, AtomicInteger::get)
                .description("1 while the notification connection listens, 0 while it reconnects")
                .register(registry);
        forwardCalls = byOutcome("fleet.cluster.forward.calls", "outcome", Forward.values(),
                "REST calls forwarded to the replica holding their module or session, by outcome");
        for (Forward f : Forward.values()) {
            if (f != Forward.LIMITED) {
                // Every series of one name must be a histogram (Prometheus refuses a name that is a histogram
                // for one tag and a summary for another: the whole scrape fails). Fixed buckets keep it to 15
                // series per outcome; long-polls wait up to the API's max wait, hence the top ones.
                forwardTimes[f.ordinal()] = Timer.builder("fleet.cluster.forward.duration").tag("outcome", f.tag())
                        .description("Forwarded calls from their arrival to the owner's answer head (or failure)")
                        .serviceLevelObjectives(BUCKETS).register(registry);
            }
        }
        for (int i = 0; i < KIND_TAGS.length; i++) {
            signals[i] = counter("fleet.cluster.signals", "Notifications received on the cluster's channel, by kind",
                    "kind", KIND_TAGS[i]);
        }
        signalsFailed = counter("fleet.cluster.signals.failed",
                "Notifications whose handling failed (logged, throttled)");
        reconnects = counter("fleet.cluster.listener.reconnects",
                "Times the notification connection was lost and opened again");
        renewals = byOutcome("fleet.cluster.lease.renewals", "outcome", Renewal.values(),
                "Lease ticks: renewed, lost (the row was purged: registered again), failed");
        purged = counter("fleet.cluster.replicas.purged", "Replicas whose lease ran out, purged by this replica");
        resyncs = counter("fleet.cluster.presence.resyncs",
                "Presence resyncs after the database writer dropped presence writes");
        resynced = byOutcome("fleet.cluster.presence.resynced", "action", Resync.values(),
                "Presence rows written again or removed by resyncs");
        gathers = byOutcome("fleet.cluster.gather.calls", "outcome", Gather.values(),
                "Cluster-wide lists gathered: complete, or partial (a replica did not answer)");
        gatherUnreachable = counter("fleet.cluster.gather.unreachable",
                "Replicas left out of a cluster-wide list because they did not answer in time");
    }

    private void presence(PresenceCache cache, String holder, ToDoubleFunction<PresenceCache> modules) {
        Gauge.builder("fleet.cluster.presence", cache, modules).tag("holder", holder)
                .description("Modules in this replica's copy of the presence table, by who holds them")
                .register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).tags(tags).description(description).register(registry);
    }

    /** One counter per constant, tagged with its lower-case name, at the constant's ordinal. */
    private Counter[] byOutcome(String name, String tag, Enum<?>[] outcomes, String description) {
        Counter[] counters = new Counter[outcomes.length];
        for (Enum<?> o : outcomes) {
            counters[o.ordinal()] = counter(name, description, tag, tag(o));
        }
        return counters;
    }

    private static String tag(Enum<?> outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /** A forwarded call ended its wait for the owner ({@code startNanos} from {@link System#nanoTime()}). */
    public void forwarded(Forward outcome, long startNanos) {
        forwardCalls[outcome.ordinal()].increment();
        Timer t = forwardTimes[outcome.ordinal()];
        if (t != null) {
            t.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Registers the gauge of forwarded calls open now (the forwarder owns the count). */
    public void forwardsInFlight(IntSupplier open) {
        // Held strongly: a gauge keeps only a weak reference to its object, and nothing else holds this lambda.
        Gauge.builder("fleet.cluster.forward.in.flight", open, IntSupplier::getAsInt).strongReference(true)
                .description("Forwarded calls waiting for or streaming the owner's answer").register(registry);
    }

    /** A cluster-wide list was gathered; {@code unreachable} replicas did not answer. */
    public void gathered(int unreachable) {
        gathers[(unreachable == 0 ? Gather.COMPLETE : Gather.PARTIAL).ordinal()].increment();
        if (unreachable > 0) {
            gatherUnreachable.increment(unreachable);
        }
    }

    void signal(char kind) {
        int i = KINDS.indexOf(kind);
        signals[i < 0 ? KIND_TAGS.length - 1 : i].increment();
    }

    void signalFailed() {
        signalsFailed.increment();
    }

    void listening(boolean on) {
        listening.set(on ? 1 : 0);
    }

    void reconnect() {
        reconnects.increment();
    }

    void renewed() {
        renewals[Renewal.RENEWED.ordinal()].increment();
    }

    void leaseLost() {
        renewals[Renewal.LOST.ordinal()].increment();
    }

    void renewFailed() {
        renewals[Renewal.FAILED.ordinal()].increment();
    }

    void purged(int replicas) {
        if (replicas > 0) {
            purged.increment(replicas);
        }
    }

    void resynced(int written, int removed) {
        resyncs.increment();
        resynced[Resync.WRITTEN.ordinal()].increment(written);
        resynced[Resync.REMOVED.ordinal()].increment(removed);
    }
}
