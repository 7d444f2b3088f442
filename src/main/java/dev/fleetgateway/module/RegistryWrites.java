package dev.fleetgateway.module;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.system.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps the module registry current without a transaction per module. A sighting (a hello, a close, a
 * virtual module) waits in a bounded table of pending keys, where repeats of a key merge; one flush at a time
 * on the {@link DatabaseWriter} writes them, a batch per transaction, until the table is empty. A full
 * table drops the sighting and counts it; when the database fails the keys stay and are tried again.
 */
@Component
public class RegistryWrites implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RegistryWrites.class);
    /**
     * How long a flush that has just written a batch waits for the next one to fill while sightings keep coming
     * (a connect storm): one transaction per batch instead of one per few keys (issue 18). Woken at once when a
     * whole batch waits; the first batch of a flush never waits.
     */
    static final Duration COALESCE = Duration.ofMillis(100);
    /** How long shutdown waits for a flush running on the writer thread before writing what is left itself. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final ModuleService modules;
    private final KnownModules known;
    private final DatabaseWriter writer;
    private final int maxPending;
    private final long coalesceNanos;
    private final Clock clock = Clock.systemUTC();
    private final Runnable flush = this::flush;
    private final PendingTable pending;
    private final Counter droppedFull;
    private final Counter droppedRejected;
    private final LogThrottle fullWarning = new LogThrottle(log);
    private final LogThrottle failureWarning = new LogThrottle(log);

    @Autowired
    RegistryWrites(ModuleService modules, DatabaseWriter writer, RegistryProperties props,
            MeterRegistry meters, KnownModules known) {
        this(modules, writer, props, meters, known, COALESCE);
    }

    RegistryWrites(ModuleService modules, DatabaseWriter writer, RegistryProperties props,
            MeterRegistry meters, KnownModules known, Duration coalesce) {
        this.coalesceNanos = coalesce.toNanos();
        this.modules = modules;
        this.known = known;
        this.writer = writer;
        this.maxPending = props.maxPending();
        this.pending = new PendingTable(props.maxPending(), props.batchSize());
        Gauge.builder("fleet.registry.pending", this, RegistryWrites::pendingKeys)
                .description("Module keys waiting to be written to the registry").register(meters);
        String dropped = "Module registry writes dropped: too many keys waiting, or the database refused the key";
        this.droppedFull = Counter.builder("fleet.registry.writes.dropped").tag("reason", "full")
                .description(dropped).register(meters);
        this.droppedRejected = Counter.builder("fleet.registry.writes.dropped").tag("reason", "rejected")
                .description(dropped).register(meters);
    }

    /**
     * Registers the module with this kind if its key is unknown and refreshes its last-seen, soon. Never
     * blocks (safe on an event loop); false when the write was dropped.
     */
    public boolean register(String moduleKey, ModuleKind kind) {
        return add(Sighting.registered(moduleKey, kind, clock.instant()), null);
    }

    /** Refreshes the last-seen of a known module, soon. Never blocks; false when the write was dropped. */
    public boolean touch(String moduleKey) {
        return add(Sighting.touched(moduleKey, clock.instant()), null);
    }

    /**
     * Like {@link #register}, and tells when it is done: the future completes with true once the registry
     * holds the module, with false when the write was dropped. It completes on the writer thread, so what
     * depends on it must not block.
     */
    public CompletableFuture<Boolean> registerTracked(String moduleKey, ModuleKind kind) {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        add(Sighting.registered(moduleKey, kind, clock.instant()), written);
        return written;
    }

    private boolean add(Sighting sighting, CompletableFuture<Boolean> waiter) {
        PendingTable.Added added = pending.add(sighting, waiter);
        if (added == PendingTable.Added.DROPPED) {
            droppedFull.increment();
            fullWarning.warn("Module registry write for {} dropped: {} keys are waiting "
                    + "(gateway.registry.max-pending); counted in fleet.registry.writes.dropped",
                    sighting.moduleKey(), maxPending);
            if (waiter != null) {
                waiter.complete(false);
            }
            return false;
        }
        if (added == PendingTable.Added.START_FLUSH) {
            offerFlush();
        }
        return true;
    }

    /** Offers the flush to the writer; the caller has claimed the table. */
    private void offerFlush() {
        if (!writer.tryOffer(flush)) {
            // The writer's queue is full (or it is stopping): the keys wait, retry() offers the flush again.
            pending.release();
        }
    }

    /** Runs on the writer thread: batch after batch until the table is empty. */
    private void flush() {
        try {
            flushBatches();
        } catch (RuntimeException | Error bug) {
            // Never leave the table claimed with nobody flushing: the keys would wait forever.
            pending.release();
            throw bug;
        }
    }

    private void flushBatches() {
        boolean wrote = false;
        while (true) {
            if (wrote) {
                // Sightings still arriving after a batch was written: wait (at most COALESCE) for a whole batch,
                // so a storm costs a transaction, a known-keys query and a commit per batch, not per few keys.
                pending.awaitBatch(coalesceNanos, () -> writer.pending() > 0);
            }
            List<PendingSighting> batch = pending.take();
            if (batch == null) {
                return;
            }
            if (!write(batch)) {
                pending.release();
                return;
            }
            // Session history queued behind this flush should not wait for a whole storm: go to the back.
            if (writer.pending() > 0 && writer.tryOffer(flush)) {
                return;
            }
            wrote = true;
        }
    }

    /** Writes a batch; false when the database failed and the unwritten sightings went back to the table. */
    private boolean write(List<PendingSighting> batch) {
        try {
            modules.recordSightings(batch.stream().map(p -> p.sighting).toList());
            batch.forEach(this::written);
            return true;
        } catch (RuntimeException batchFailed) {
            // One key can fail the whole transaction (refused by the database, or registered by someone else
            // between the select and the insert): one at a time, the others still get in.
            for (int i = 0; i < batch.size(); i++) {
                PendingSighting p = batch.get(i);
                try {
                    modules.recordSightings(List.of(p.sighting));
                    written(p);
                } catch (DataIntegrityViolationException refused) {
                    droppedRejected.increment();
                    p.complete(false);
                    failureWarning.warn("Module registry refused key {}: {}; counted in "
                            + "fleet.registry.writes.dropped", p.sighting.moduleKey(),
                            refused.getMostSpecificCause().toString());
                } catch (RuntimeException failed) {
                    requeue(batch.subList(i, batch.size()));
                    failureWarning.warn("Module registry writes failed, {} keys wait for a retry: {}",
                            batch.size() - i, failed.toString());
                    return false;
                }
            }
            return true;
        }
    }

    // Known before the waiter hears of it: a virtual module dials once its registration is written.
    private void written(PendingSighting p) {
        if (p.sighting.kind() != null) {
            known.added(p.sighting.moduleKey());
        }
        p.complete(true);
    }

    private void requeue(List<PendingSighting> unwritten) {
        for (PendingSighting p : pending.requeue(unwritten)) {
            droppedFull.increment();
            p.complete(false);
        }
    }

    /** Starts a flush for keys left waiting by a full writer queue or a database failure. */
    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
    void retry() {
        if (pending.claimIfIdle()) {
            offerFlush();
        }
    }

    /** Module keys waiting to be written. */
    int pendingKeys() {
        return pending.size();
    }

    /**
     * Writes what is left before the database goes away: sessions closed at shutdown touched their modules. A
     * flush still running on the writer thread is waited for first (bounded): it must not be writing while the
     * entity manager closes (issue 18: a storm's last batch was lost that way), and two flushes never run at once.
     */
    @Override
    public void destroy() {
        try {
            if (pending.closeAndClaim(SHUTDOWN_WAIT.toNanos())) {
                flush();
            }
        } catch (PendingTable.FlushStillRunning running) {
            log.warn("Module registry: {} keys not written at shutdown, a flush did not end within {}",
                    running.waiting, SHUTDOWN_WAIT);
        }
    }
}
