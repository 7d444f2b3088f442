package dev.fleetgateway.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.fleetgateway.system.LogThrottle;

/**
 * This replica's membership, as a lifecycle: it registers and starts listening before the web server and the
 * module port start, renews its lease on a thread of its own ({@code fleet-cluster-lease}, so a busy scheduler
 * cannot let it lapse) and purges replicas whose lease ran out. It stops after the module port has closed every
 * session: once the presence removals queued by those closes are written, it deletes its rows and leaves.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class ReplicaLease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLease.class);

    private final ReplicaTable table;
    private final ClusterListener listener;
    private final PresenceWrites writes;
    private final ClusterProperties props;
    private final ClusterMetrics metrics;
    private final LogThrottle failures = new LogThrottle(log);
    private volatile ScheduledExecutorService timer;
    private volatile boolean running;
    private volatile boolean crashed;

    ReplicaLease(ReplicaTable table, ClusterListener listener, PresenceWrites writes, ClusterProperties props,
            ClusterMetrics metrics) {
        this.table = table;
        this.metrics = metrics;
        this.listener = listener;
        this.writes = writes;
        this.props = props;
        if (props.renewInterval().compareTo(props.lease().dividedBy(2)) > 0) {
            throw new IllegalStateException("gateway.cluster.renew-interval (" + props.renewInterval()
                    + ") must be at most half of gateway.cluster.lease (" + props.lease() + ")");
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        crashed = false;
        table.register();
        listener.start();
        table.purgeExpired();
        table.reload();
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "fleet-cluster-lease");
            th.setDaemon(true);
            return th;
        });
        long every = props.renewInterval().toMillis();
        t.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        timer = t;
        running = true;
    }

    /** One renewal: the lease, the purge of dead replicas, a fresh copy of the replica table. */
    void tick() {
        if (crashed) {
            return;
        }
        boolean renewed = false;
        try {
            if (table.renew()) {
                metrics.renewed();
            } else {
                metrics.leaseLost();
                log.warn("This replica's lease had run out and its rows were removed by another replica; "
                        + "registering again and writing the presence of its sessions again");
                table.register();
                writes.reannounce();
            }
            renewed = true;
            PresenceWrites.Resynced resynced = writes.resyncIfLost();
            if (resynced.written() > 0 || resynced.removed() > 0) {
                failures.warn("Presence writes were dropped by the database writer's queue (or failed); wrote the "
                        + "presence of {} sessions again and removed {} rows of sessions closed meanwhile",
                        resynced.written(), resynced.removed());
            }
            metrics.purged(table.purgeExpired());
            table.reload();
        } catch (RuntimeException e) {
            if (!renewed) {
                metrics.renewFailed();
            }
            failures.warn("Cluster lease renewal failed (the lease runs out after {} without one): {}",
                    props.lease(), e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
        }
        if (!crashed) {
            leaveAfterQueuedWrites();
        }
        listener.stop();
    }

    /** The writer keeps order: presence removals of the sessions just closed are written before the rows go. */
    private void leaveAfterQueuedWrites() {
        CompletableFuture<Void> left = new CompletableFuture<>();
        Runnable leave = () -> {
            try {
                table.leave();
                left.complete(null);
            } catch (RuntimeException e) {
                left.completeExceptionally(e);
            }
        };
        try {
            if (!writes.after(leave)) {
                leave.run();
            }
            left.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Leaving the cluster failed; the other replicas remove this replica's rows when its lease "
                    + "({}) runs out: {}", props.lease(), e.toString());
        }
    }

    /**
     * Stands in for {@code kill -9} (tests): no more renewals, writes or signals, and nothing is cleaned up at
     * stop; the other replicas find the lease run out.
     */
    void crash() {
        crashed = true;
        writes.silence();
        listener.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web servers and the module port, stops after them (after every session closed). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
