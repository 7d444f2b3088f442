package dev.fleetgateway.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

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
            return name().toLowerCase(java.util.Locale.ROOT);
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

    private final Counter[] forwardCalls = new Counter[Forward.values().length];
    private final Timer[] forwardTimes = new Timer[Forward.values().length];
    private final Counter[] signals = new Counter[KIND_TAGS.length];
    private final Counter signalsFailed;
    private final Counter reconnects;
    private final AtomicInteger listening = new AtomicInteger();
    private final Counter renewed;
    private final Counter leaseLost;
    private final Counter renewFailed;
    private final Counter purged;
    private final Counter resyncs;
    private final Counter resyncWritten;
    private final Counter resyncRemoved;
    private final Counter gatherComplete;
    private final Counter gatherPartial;
    private final Counter gatherUnreachable;
    private final MeterRegistry registry;

    ClusterMetrics(MeterRegistry registry, PresenceCache cache, ReplicaIdentity identity) {
        this.registry = registry;
        String self = identity.id();
        Gauge.builder("fleet.cluster.replicas", cache, c -> c.live(Instant.now()).size())
                .description("Replicas with a current lease that this replica sees, itself included")
                .register(registry);
        Gauge.builder("fleet.cluster.presence", cache, c -> c.countHeldBy(self)).tag("holder", "self")
                .description("Modules in this replica's copy of the presence table, by who holds them")
                .register(registry);
        Gauge.builder("fleet.cluster.presence", cache, c -> c.presenceCount() - c.countHeldBy(self))
                .tag("holder", "others").description("Modules in this replica's copy of the presence table, "
                        + "by who holds them").register(registry);
        Gauge.builder("fleet.cluster.listener.connected", listening, AtomicInteger::get)
                .description("1 while the notification connection listens, 0 while it reconnects")
                .register(registry);
        for (Forward f : Forward.values()) {
            forwardCalls[f.ordinal()] = Counter.builder("fleet.cluster.forward.calls").tag("outcome", f.tag())
                    .description("REST calls forwarded to the replica holding their module or session, by outcome")
                    .register(registry);
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
            signals[i] = Counter.builder("fleet.cluster.signals").tag("kind", KIND_TAGS[i])
                    .description("Notifications received on the cluster's channel, by kind").register(registry);
        }
        signalsFailed = Counter.builder("fleet.cluster.signals.failed")
                .description("Notifications whose handling failed (logged, throttled)").register(registry);
        reconnects = Counter.builder("fleet.cluster.listener.reconnects")
                .description("Times the notification connection was lost and opened again").register(registry);
        renewed = renewal("renewed");
        leaseLost = renewal("lost");
        renewFailed = renewal("failed");
        purged = Counter.builder("fleet.cluster.replicas.purged")
                .description("Replicas whose lease ran out, purged by this replica").register(registry);
        resyncs = Counter.builder("fleet.cluster.presence.resyncs")
                .description("Presence resyncs after the database writer dropped presence writes").register(registry);
        resyncWritten = resyncRows("written");
        resyncRemoved = resyncRows("removed");
        gatherComplete = gather("complete");
        gatherPartial = gather("partial");
        gatherUnreachable = Counter.builder("fleet.cluster.gather.unreachable")
                .description("Replicas left out of a cluster-wide list because they did not answer in time")
                .register(registry);
    }

    private Counter renewal(String outcome) {
        return Counter.builder("fleet.cluster.lease.renewals").tag("outcome", outcome)
                .description("Lease ticks: renewed, lost (the row was purged: registered again), failed")
                .register(registry);
    }

    private Counter resyncRows(String action) {
        return Counter.builder("fleet.cluster.presence.resynced").tag("action", action)
                .description("Presence rows written again or removed by resyncs").register(registry);
    }

    private Counter gather(String outcome) {
        return Counter.builder("fleet.cluster.gather.calls").tag("outcome", outcome)
                .description("Cluster-wide lists gathered: complete, or partial (a replica did not answer)")
                .register(registry);
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
        (unreachable == 0 ? gatherComplete : gatherPartial).increment();
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
        renewed.increment();
    }

    void leaseLost() {
        leaseLost.increment();
    }

    void renewFailed() {
        renewFailed.increment();
    }

    void purged(int replicas) {
        if (replicas > 0) {
            purged.increment(replicas);
        }
    }

    void resynced(int written, int removed) {
        resyncs.increment();
        resyncWritten.increment(written);
        resyncRemoved.increment(removed);
    }
}
