package dev.fleetgateway.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.fleetgateway.session.LocalReplica;
import dev.fleetgateway.system.FleetException;


/** The outbox table: enqueue under the per-module bound, read, and every state change with its meters. */
@Service
public class OutboxStore {

    private static final int LOCK_STRIPES = 64;
    /** Messages that still wait for their module, counted against the per-module bound and in the gauge. */
    private static final List<OutboxState> WAITING = List.of(OutboxState.QUEUED, OutboxState.SENDING);

    private final OutboxRepository repository;
    private final OutboxMetrics metrics;
    private final OutboxProperties props;
    private final TransactionTemplate tx;
    private final Object[] stripes = new Object[LOCK_STRIPES];
    private final Clock clock = Clock.systemUTC();
    /** This replica's id, written on each claim. */
    private final String replica;
    private final boolean clustered;

    /** Takes {@link DurableCommits} so that no enqueue can commit before the database commits durably. */
    OutboxStore(OutboxRepository repository, OutboxMetrics metrics, OutboxProperties props,
            PlatformTransactionManager txManager, DurableCommits durable, ObjectProvider<LocalReplica> replica) {
        LocalReplica self = replica.getIfAvailable(() -> LocalReplica.ALONE);
        this.replica = self.id();
        this.clustered = self != LocalReplica.ALONE;
        this.repository = repository;
        this.metrics = metrics;
        this.props = props;
        this.tx = new TransactionTemplate(txManager);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Stores a downlink, or refuses it (outbox full) when the module already has {@code per-module} queued. The
     * count and the insert run under a per-key lock, committed before it is released, so two concurrent
     * requests cannot both take the last place (within this replica).
     */
    OutboxView enqueue(String moduleKey, byte[] payload, Duration ttl) {
        synchronized (stripes[Math.floorMod(moduleKey.hashCode(), LOCK_STRIPES)]) {
            OutboxView view = tx.execute(status -> {
                long queued = repository.countByModuleKeyAndStateIn(moduleKey, WAITING);
                if (queued >= props.perModule()) {
                    metrics.rejected();
                    throw new FleetException(FleetException.Kind.TOO_MANY, "outbox-full", "Outbox full",
                            "Module '" + moduleKey + "' already has " + queued + " queued messages; the limit is "
                                    + props.perModule() + " (gateway.outbox.per-module)")
                            .with("limit", props.perModule());
                }
                Instant now = clock.instant();
                return OutboxView.of(repository.save(new OutboxMessage(moduleKey, payload, now, now.plus(ttl))));
            });
            metrics.queued();
            return view;
        }
    }

    @Transactional(readOnly = true)
    public OutboxView get(UUID id) {
        return repository.findById(id).map(OutboxView::of).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public Page<OutboxView> list(String moduleKey, OutboxState state, Pageable pageable) {
        Page<OutboxMessage> page = state == null ? repository.findByModuleKey(moduleKey, pageable)
                : repository.findByModuleKeyAndState(moduleKey, state, pageable);
        return page.map(OutboxView::of);
    }

    /**
     * Cancels a QUEUED message; 404 if unknown, 409 if it already left the queue, also while it is SENDING (its
     * bytes may be out already: a message the module got is never reported cancelled).
     */
    @Transactional
    public void cancel(UUID id) {
        repository.findById(id).orElseThrow(() -> notFound(id));
        if (repository.cancel(id, clock.instant()) == 0) {
            // Read again: the entity loaded above may predate the claim or settlement that won.
            OutboxState state = repository.findStateById(id);
            throw FleetException.conflict("outbox-not-queued", "Message not queued",
                    "Message " + id + " is " + state + (state == OutboxState.SENDING
                            ? " (its bytes are being written to the module)" : "") + " and can no longer be cancelled")
                    .with("state", state.name());
        }
        metrics.settled(OutboxState.CANCELLED, 1);
    }

    /** The next QUEUED, unexpired messages of a module, oldest first. */
    @Transactional(readOnly = true)
    List<OutboxMessage> deliverable(String moduleKey, int max) {
        return repository.findDeliverable(moduleKey, clock.instant(), PageRequest.of(0, max));
    }

    /**
     * Takes a QUEUED, unexpired message for writing to a session (SENDING); false if it was cancelled or expired
     * first. Committed before the first byte is written, so cancel and expiry cannot settle it after its bytes
     * went out.
     */
    @Transactional
    boolean claim(OutboxMessage m, String sessionId) {
        return repository.claim(m.getId(), sessionId, replica, clock.instant()) > 0;
    }

    /** Whether other replicas may claim messages too (a cluster), so a claim may be held elsewhere. */
    boolean clustered() {
        return clustered;
    }

    /** Whether another replica (or a dead process) holds one of the module's messages SENDING. */
    @Transactional(readOnly = true)
    boolean sendingElsewhere(String moduleKey) {
        return repository.sendingElsewhere(moduleKey, replica);
    }

    /** Marks a SENDING message delivered over a session, once its bytes are flushed to the socket. */
    @Transactional
    boolean delivered(OutboxMessage m, String sessionId) {
        Instant now = clock.instant();
        if (repository.markDelivered(m.getId(), sessionId, now) == 0) {
            return false;
        }
        metrics.delivered(Duration.between(m.getCreatedAt(), now));
        return true;
    }

    /**
     * A SENDING message whose write did not complete waits again (QUEUED). {@code attempt}: bytes may have gone
     * out (the connection broke during the write), which counts against {@code maxAttempts}, after which the
     * message is FAILED; a write refused before any byte (module offline or not reading) does not count.
     * Returns whether it failed for good.
     */
    @Transactional
    boolean release(UUID id, String error, boolean attempt, int maxAttempts) {
        String e = error == null ? "unknown error" : error.length() > 500 ? error.substring(0, 500) : error;
        repository.release(id, attempt ? 1 : 0, e);
        if (repository.failIfExhausted(id, maxAttempts, clock.instant()) > 0) {
            metrics.settled(OutboxState.FAILED, 1);
            return true;
        }
        return false;
    }

    /**
     * Messages left SENDING by a previous process of this replica, or by replicas whose lease ran out (their
     * writes died with them), wait again; run once at start. Alone, that is every SENDING message.
     */
    @Transactional
    int releaseAllSending() {
        return repository.releaseSending(replica, clock.instant());
    }

    /** Marks every QUEUED message past its expiry EXPIRED (never a SENDING one); returns how many. */
    @Transactional
    int expireDue() {
        int n = repository.expireDue(clock.instant());
        metrics.settled(OutboxState.EXPIRED, n);
        return n;
    }

    /** Keys with QUEUED messages after {@code after} in key order, a page at a time (for the sweep). */
    @Transactional(readOnly = true)
    List<String> queuedKeysAfter(String after, int max) {
        return repository.findQueuedKeysAfter(after, PageRequest.of(0, max));
    }

    /** Re-reads the queued count so the gauge cannot drift (once per sweep, never per scrape). */
    @Transactional(readOnly = true)
    void resyncGauge() {
        long mark = metrics.resyncStarts();
        metrics.resync(repository.countByStateIn(WAITING), mark);
    }

    private static FleetException notFound(UUID id) {
        return new FleetException(FleetException.Kind.NOT_FOUND, "outbox-message-not-found", "Message not found",
                "No outbox message has id '" + id + "'");
    }
}
