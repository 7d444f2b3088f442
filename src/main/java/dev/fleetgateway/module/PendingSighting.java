package dev.fleetgateway.module;



import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.fleetgateway.module.Sighting;

/** One module key waiting in {@link RegistryWrites}: its merged sighting and whoever waits for the write. */
final class PendingSighting {

    Sighting sighting;
    private List<CompletableFuture<Boolean>> waiters;

    PendingSighting(Sighting sighting) {
        this.sighting = sighting;
    }

    /** Merges another sighting of the same key into this one. */
    void merge(Sighting other) {
        sighting = sighting.merge(other);
    }

    /** Adds a waiter (none when null), completed by {@link #complete}. */
    void await(CompletableFuture<Boolean> waiter) {
        if (waiter != null) {
            if (waiters == null) {
                waiters = new ArrayList<>(1);
            }
            waiters.add(waiter);
        }
    }

    /** Takes over an older entry of the same key that failed to be written. */
    void absorb(PendingSighting older) {
        merge(older.sighting);
        if (older.waiters != null) {
            older.waiters.forEach(this::await);
        }
    }

    void complete(boolean written) {
        if (waiters != null) {
            waiters.forEach(w -> w.complete(written));
        }
    }
}
