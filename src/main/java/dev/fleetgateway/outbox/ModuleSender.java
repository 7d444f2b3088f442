package dev.fleetgateway.outbox;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleNotFoundException;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SendException;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.session.SendTimer;
import dev.fleetgateway.system.FleetException;

/**
 * Sends one downlink to one module: now over its open session, or into the outbox when it is offline and
 * the caller allows queueing. Module lookup and enqueueing run on the calling (servlet) thread; the send
 * itself completes on the session's event loop, so nothing after it touches the database there.
 */
@Service
public class ModuleSender {

    private final ModuleService modules;
    private final KnownModules known;
    private final SessionRegistry sessions;
    private final OutboxStore store;
    private final OutboxDelivery delivery;
    private final DatabaseWriter writer;
    private final SendTimer sendTimer;
    private final ApplicationEventPublisher events;

    ModuleSender(ModuleService modules, KnownModules known, SessionRegistry sessions, OutboxStore store, OutboxDelivery delivery,
            DatabaseWriter writer, SendTimer sendTimer, ApplicationEventPublisher events) {
        this.sendTimer = sendTimer;
        this.events = events;
        this.modules = modules;
        this.known = known;
        this.sessions = sessions;
        this.store = store;
        this.delivery = delivery;
        this.writer = writer;
    }

    /**
     * Resolves the module by id or key (404 if unknown) and sends to it. Something that cannot be an id is a key,
     * answered from memory: sent to at once when it has an open session here, else 404 unless the in-memory key
     * table ({@link KnownModules}) knows it, else 409 or queued. Only what may be an id (a UUID) reads the
     * registry, which resolves an id before a key of the same spelling.
     */
    public CompletableFuture<SendOutcome> send(String idOrKey, byte[] data, SendOptions options) {
        if (!ModuleService.mayBeId(idOrKey)) {
            if (sessions.findByModuleKey(idOrKey).filter(ModuleSession::isOpen).isEmpty()
                    && !known.isKnown(idOrKey)) {
                throw new ModuleNotFoundException(idOrKey);
            }
            return sendToKey(idOrKey, data, options);
        }
        return sendToKey(modules.get(idOrKey).moduleKey(), data, options);
    }

    /**
     * Sends to a registered module key. Throws 409 (offline, no queueing) or 429 (outbox full) at once;
     * send failures arrive through the future as {@link SendException}. A send written but not flushed within
     * the send timeout is PENDING, not failed: its bytes are not withdrawn, so it is neither an error nor queued
     * (queueing would send it twice). With queueing, a module whose session closed before the write or that is
     * not reading (nothing was written) gets the message queued; the outbox delivers it when it reads again.
     */
    CompletableFuture<SendOutcome> sendToKey(String moduleKey, byte[] data, SendOptions options) {
        ModuleSession session = sessions.findByModuleKey(moduleKey).filter(ModuleSession::isOpen).orElse(null);
        if (session == null) {
            if (!options.queue()) {
                throw offline(moduleKey);
            }
            return CompletableFuture.completedFuture(queue(moduleKey, data, options));
        }
        CompletableFuture<SendOutcome> sent = sendTimer.time(SendTimer.Addressing.MODULE, () -> session.send(data))
                .thenApply(n -> SendOutcome.sent(n, session.id()))
                .exceptionallyCompose(t -> failure(t) == SendException.Failure.TIMEOUT
                        ? CompletableFuture.completedFuture(SendOutcome.pending(data.length, session.id(),
                                session.pendingOutboundBytes()))
                        : CompletableFuture.failedFuture(t));
        if (!options.queue()) {
            return sent;
        }
        // Nothing was written (the session closed since the lookup, or the module is not reading): the caller
        // asked for queueing, so queue.
        return sent.exceptionallyCompose(t -> failure(t) == SendException.Failure.NOT_OPEN
                || failure(t) == SendException.Failure.NOT_READING ? queueOffLoop(moduleKey, data, options)
                : CompletableFuture.failedFuture(t));
    }

    private SendOutcome queue(String moduleKey, byte[] data, SendOptions options) {
        OutboxView queued = store.enqueue(moduleKey, data, options.ttl());
        // The module may have identified while we stored the message; its delivery run may have missed it.
        if (sessions.findByModuleKey(moduleKey).filter(ModuleSession::isOpen).isPresent()) {
            delivery.request(moduleKey);
        } else {
            // Maybe online on another replica: the cluster (when there is one) wakes its owner.
            events.publishEvent(new OutboxEvents.QueuedOffline(moduleKey));
        }
        return SendOutcome.queued(queued);
    }

    /** The fallback runs where the failed send completed (maybe an event loop): hand the insert off. */
    private CompletableFuture<SendOutcome> queueOffLoop(String moduleKey, byte[] data, SendOptions options) {
        CompletableFuture<SendOutcome> result = new CompletableFuture<>();
        boolean accepted = writer.offer(() -> {
            try {
                result.complete(queue(moduleKey, data, options));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!accepted) {
            result.completeExceptionally(new FleetException(FleetException.Kind.UNAVAILABLE, "outbox-busy",
                    "Outbox busy", "The message could not be sent now and the database queue is full; retry"));
        }
        return result;
    }

    private static SendException.Failure failure(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return e instanceof SendException s ? s.failure() : null;
    }

    public static FleetException offline(String moduleKey) {
        return FleetException.conflict("module-offline", "Module offline", "Module '" + moduleKey
                + "' has no open session; add queue=true or a ttl to keep the message in its outbox")
                .with("moduleKey", moduleKey);
    }
}
