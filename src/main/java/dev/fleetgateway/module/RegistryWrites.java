package dev.fleetgateway.module;




import dev.fleetgateway.system.LogThrottle;

import dev.fleetgateway.system.DatabaseWriter;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.Sighting;
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

    private final ModuleService modules;
    private final KnownModules known;
    private final DatabaseWriter writer;
    private final int maxPending;
    private final int batchSize;
    private final long coalesceNanos;
    private final Clock clock = Clock.systemUTC();
    private final Runnable flush = this::flush;
    /** Sightings waiting, by key, oldest first. Guarded by itself; held only for map operations. */
    private final LinkedHashMap<String, PendingSighting> pending = new LinkedHashMap<>();
    /** A flush is queued on the writer or running. Guarded by {@code pending}. */
    private boolean flushing;
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
        this.batchSize = props.batchSize();
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
        boolean startFlush = false;
        PendingSighting p;
        synchronized (pending) {
            p = pending.get(sighting.moduleKey());
            if (p != null) {
                p.merge(sighting);
            } else if (pending.size() < maxPending) {
                p = new PendingSighting(sighting);
                pending.put(sighting.moduleKey(), p);
                if (pending.size() == batchSize) {
                    pending.notifyAll(); // a flush waiting for a batch to fill may go now
                }
            }
            if (p != null) {
                p.await(waiter);
                startFlush = !flushing;
                flushing = true;
            }
        }
        if (p == null) {
            droppedFull.increment();
            fullWarning.warn("Module registry write for {} dropped: {} keys are waiting "
                    + "(gateway.registry.max-pending); counted in fleet.registry.writes.dropped",
                    sighting.moduleKey(), maxPending);
            if (waiter != null) {
                waiter.complete(false);
            }
            return false;
        }
        if (startFlush) {
            offerFlush();
        }
        return true;
    }

    /** Offers the flush to the writer; the caller has set {@code flushing}. */
    private void offerFlush() {
        if (!writer.tryOffer(flush)) {
            // The writer's queue is full (or it is stopping): the keys wait, retry() offers the flush again.
            synchronized (pending) {
                flushing = false;
            }
        }
    }

    /** Runs on the writer thread: batch after batch until the table is empty. */
    private void flush() {
        try {
            flushBatches();
        } catch (RuntimeException | Error bug) {
            // Never leave the flag set with nobody flushing: the keys would wait forever.
            synchronized (pending) {
                flushing = false;
            }
            throw bug;
        }
    }

    private void flushBatches() {
        boolean wrote = false;
        while (true) {
            if (wrote) {
                awaitBatch();
            }
            List<PendingSighting> batch = take();
            if (batch == null) {
                return;
            }
            if (!write(batch)) {
                synchronized (pending) {
                    flushing = false;
                }
                return;
            }
            // Session history queued behind this flush should not wait for a whole storm: go to the back.
            if (writer.pending() > 0 && writer.tryOffer(flush)) {
                return;
            }
            wrote = true;
        }
    }

    /**
     * Sightings still arriving after a batch was written: waits (at most {@link #COALESCE}) until a whole batch
     * waits, so a storm costs a transaction, a known-keys query and a commit per batch, not per few keys.
     * Nothing is lost meanwhile: the table keeps taking sightings up to its bound.
     */
    private void awaitBatch() {
        long deadline = System.nanoTime() + coalesceNanos;
        synchronized (pending) {
            long left;
            while (!pending.isEmpty() && pending.size() < batchSize && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pending, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The oldest pending sightings, at most a batch; null (and no longer flushing) when none wait. */
    private List<PendingSighting> take() {
        synchronized (pending) {
            if (pending.isEmpty()) {
                flushing = false;
                return null;
            }
            List<PendingSighting> batch = new ArrayList<>(Math.min(batchSize, pending.size()));
            Iterator<PendingSighting> it = pending.values().iterator();
            while (it.hasNext() && batch.size() < batchSize) {
                batch.add(it.next());
                it.remove();
            }
            return batch;
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
        List<PendingSighting> lost = new ArrayList<>();
        synchronized (pending) {
            for (PendingSighting p : unwritten) {
                PendingSighting newer = pending.get(p.sighting.moduleKey());
                if (newer != null) {
                    newer.absorb(p);
                } else if (pending.size() < maxPending) {
                    pending.put(p.sighting.moduleKey(), p);
                } else {
                    lost.add(p);
                }
            }
        }
        for (PendingSighting p : lost) {
            droppedFull.increment();
            p.complete(false);
        }
    }

    /** Starts a flush for keys left waiting by a full writer queue or a database failure. */
    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.SECONDS)
    void retry() {
        boolean startFlush;
        synchronized (pending) {
            startFlush = !flushing && !pending.isEmpty();
            flushing |= startFlush;
        }
        if (startFlush) {
            offerFlush();
        }
    }

    /** Module keys waiting to be written. */
    int pendingKeys() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** Writes what no queued flush will: sessions closed at shutdown touched their modules. */
    @Override
    public void destroy() {
        boolean run;
        synchronized (pending) {
            run = !flushing && !pending.isEmpty();
            flushing |= run;
        }
        if (run) {
            flush();
        }
    }
}
