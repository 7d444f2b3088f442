package dev.fleetgateway.module;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bounded table of module keys waiting in {@link RegistryWrites}, oldest first, and whether a flush owns it.
 * Every method holds the table's monitor only for map work; waits are bounded.
 */
final class PendingTable {

    /** What {@link #add} did with a sighting. */
    enum Added { DROPPED, QUEUED, START_FLUSH }

    /** How often a waiting flush looks whether other writer tasks wait. */
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final LinkedHashMap<String, PendingSighting> pending = new LinkedHashMap<>();
    private final int maxPending;
    private final int batchSize;
    /** A flush is queued on the writer or running. Guarded by {@code pending}. */
    private boolean flushing;
    /** Shutdown has begun: a flush no longer waits for batches to fill. */
    private volatile boolean closing;

    PendingTable(int maxPending, int batchSize) {
        this.maxPending = maxPending;
        this.batchSize = batchSize;
    }

    /** Merges the sighting into its key's entry or adds one (bound permitting); tells whether to start a flush. */
    Added add(Sighting sighting, CompletableFuture<Boolean> waiter) {
        synchronized (pending) {
            PendingSighting p = pending.get(sighting.moduleKey());
            if (p != null) {
                p.merge(sighting);
            } else if (pending.size() < maxPending) {
                p = new PendingSighting(sighting);
                pending.put(sighting.moduleKey(), p);
                if (pending.size() == batchSize) {
                    pending.notifyAll(); // a flush waiting for a batch to fill may go now
                }
            } else {
                return Added.DROPPED;
            }
            p.await(waiter);
            boolean start = !flushing;
            flushing = true;
            return start ? Added.START_FLUSH : Added.QUEUED;
        }
    }

    /** Claims the table for a flush when none owns it and keys wait; true when the caller must flush. */
    boolean claimIfIdle() {
        synchronized (pending) {
            boolean claim = !flushing && !pending.isEmpty();
            flushing |= claim;
            return claim;
        }
    }

    /** The flush ended early (its task was not queued, or the database failed): the next sighting or retry starts one. */
    void release() {
        synchronized (pending) {
            flushing = false;
        }
    }

    /** The oldest pending sightings, at most a batch; null (and released) when none wait. */
    List<PendingSighting> take() {
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

    /**
     * Waits at most {@code nanos} while fewer than a batch wait (not once closing), also while none wait: in a
     * storm keys arrive about as fast as a batch is written, and a flush that ended whenever the table was
     * empty for a moment wrote a transaction per key. Other writer tasks are not held up: the wait ends within
     * {@link #SLICE_NANOS} once {@code othersWaiting} says so.
     */
    void awaitBatch(long nanos, BooleanSupplier othersWaiting) {
        long deadline = System.nanoTime() + nanos;
        synchronized (pending) {
            long left;
            while (!closing && pending.size() < batchSize && (left = deadline - System.nanoTime()) > 0
                    && !othersWaiting.getAsBoolean()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pending, Math.min(left, SLICE_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Puts sightings that failed to be written back (newer entries of a key absorb them); returns those lost to the bound. */
    List<PendingSighting> requeue(List<PendingSighting> unwritten) {
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
        return lost;
    }

    /**
     * Shutdown: no more waiting for batches; waits (at most {@code nanos}) for a running flush to end, then claims
     * the table if keys are left. Returns whether the caller must flush; false also when the flush did not end.
     */
    boolean closeAndClaim(long nanos) throws FlushStillRunning {
        closing = true;
        long deadline = System.nanoTime() + nanos;
        synchronized (pending) {
            pending.notifyAll(); // a flush waiting for a batch to fill goes now
            long left;
            while (flushing && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(pending, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (flushing) {
                throw new FlushStillRunning(pending.size());
            }
            flushing = !pending.isEmpty();
            return flushing;
        }
    }

    int size() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** A flush still ran when shutdown stopped waiting for it; {@code waiting} keys were left. */
    static final class FlushStillRunning extends Exception {
        final int waiting;

        FlushStillRunning(int waiting) {
            super(null, null, false, false);
            this.waiting = waiting;
        }
    }
}
