package dev.fleetgateway.outbox;

/** What the outbox tells other features, as Spring application events (published off event loops). */
public final class OutboxEvents {

    private OutboxEvents() {
    }

    /**
     * A message was queued for a module with no open session on this replica. Alone, the module is offline and
     * the outbox delivers when it identifies; in a cluster the module may be online elsewhere, and its owner is
     * woken. Published on the thread that queued (a servlet thread or the database writer).
     */
    public record QueuedOffline(String moduleKey) {
    }
}
