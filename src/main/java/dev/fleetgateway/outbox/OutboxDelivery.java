package dev.fleetgateway.outbox;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SendException;
import dev.fleetgateway.session.SessionEvents;
import dev.fleetgateway.session.SessionListener;
import dev.fleetgateway.session.SessionRegistry;

/**
 * Delivers a module's outbox over its session, in creation order, one flushed message after the other.
 * Session events only schedule a run (they arrive on event loops); runs happen on a small bounded pool, and
 * at most one run per module key is active at a time, so two runs can never interleave one module's messages.
 * <p>
 * Each message is claimed (SENDING) before its bytes are written, so cancel and expiry cannot settle it once
 * they may be out. A write is never repeated while it may still reach the module: one that outlives the send
 * timeout stays in flight (the bytes wait in the socket's buffer) and the module's next run settles it when it
 * completes (DELIVERED) or fails (QUEUED again). A module that is not reading gets nothing written; its run
 * stops and the next starts when its socket is writable again or it identifies again.
 */
@Component
class OutboxDelivery implements DisposableBean, SessionListener {

    private static final Logger log = LoggerFactory.getLogger(OutboxDelivery.class);
    private static final long ELSEWHERE_RETRY_MILLIS = 200;

    private final SessionRegistry sessions;
    private final OutboxStore store;
    private final OutboxProperties props;
    private final OutboxMetrics metrics;
    private final ThreadPoolExecutor pool;
    private final LongAdder runs = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    /** Per key: requests not yet served by a run (absent: no run active). Updated atomically by compute. */
    private final ConcurrentHashMap<String, Integer> pending = new ConcurrentHashMap<>();
    /** Per key: the write that outlived the send timeout, until a run settles it (at most one per module). */
    private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

    OutboxDelivery(SessionRegistry sessions, OutboxStore store, OutboxProperties props, OutboxMetrics metrics) {
        this.sessions = sessions;
        this.store = store;
        this.props = props;
        this.metrics = metrics;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(props.deliveryThreads(), props.deliveryThreads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(props.deliveryQueue()), r -> {
                    Thread t = new Thread(r, "fleet-outbox-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.pool.allowCoreThreadTimeOut(true);
        // Before any module can connect (the module port starts after the context is built).
        int released = store.releaseAllSending();
        if (released > 0) {
            log.info("{} outbox messages were being written when the gateway stopped; they wait again", released);
        }
    }

    @Override
    public void onIdentified(SessionEvents.Identified event) {
        requestIfAnyQueued(event.moduleKey());
    }

    /** A module that was not reading takes sends again. */
    @Override
    public void onWritable(SessionEvents.Writable event) {
        requestIfAnyQueued(event.moduleKey());
    }

    /** An outbound session is bound to its key before it connects, so it is ready only once opened. */
    @Override
    public void onOpened(SessionEvents.Opened event) {
        String key = event.session().moduleKey();
        if (key != null) {
            requestIfAnyQueued(key);
        }
    }

    /**
     * A module coming online asks for a run only when the outbox may hold anything at all, so a connect
     * storm against an empty outbox costs no query per module. No message is missed: the session is in the
     * registry before this check, and an enqueue counts itself before it looks the module up (then asks for
     * a run itself), so one of the two sees the other; a count gone stale leaves the message to the sweep.
     */
    private void requestIfAnyQueued(String moduleKey) {
        if (metrics.mayHaveQueued()) {
            request(moduleKey);
        } else {
            skipped.increment();
        }
    }

    /**
     * Asks for a delivery run for a module; never blocks (safe on an event loop). A request during a run
     * makes that run go round once more; a full pool drops the request and the next sweep retries.
     */
    void request(String moduleKey) {
        if (pending.merge(moduleKey, 1, Integer::sum) != 1) {
            return;
        }
        try {
            pool.execute(() -> run(moduleKey));
        } catch (RejectedExecutionException e) {
            pending.remove(moduleKey);
            log.debug("Outbox delivery for {} deferred to the next sweep: delivery queue full", moduleKey);
        }
    }

    private void run(String moduleKey) {
        runs.increment();
        boolean again = true;
        while (again) {
            try {
                deliver(moduleKey);
            } catch (RuntimeException e) {
                log.warn("Outbox delivery for {} stopped: {}", moduleKey, e.toString());
            }
            // Requests that came in during this pass collapse into one more pass; the last one ends the run.
            again = pending.compute(moduleKey, (k, n) -> n == null || n <= 1 ? null : 1) != null;
        }
    }

    private void deliver(String moduleKey) {
        if (!settleInFlight(moduleKey)) {
            return; // its bytes still wait for the socket: nothing may overtake them, and they are not repeated
        }
        if (store.clustered() && sessions.findByModuleKey(moduleKey).filter(ModuleSession::isOpen).isPresent()
                && store.sendingElsewhere(moduleKey)) {
            // The module just moved here and its previous replica is still writing one of its messages (or died
            // doing so): nothing younger may overtake it. Look again shortly; the claim is settled within the send
            // timeout, or released when the dead replica's lease runs out.
            CompletableFuture.delayedExecutor(ELSEWHERE_RETRY_MILLIS, TimeUnit.MILLISECONDS)
                    .execute(() -> request(moduleKey));
            return;
        }
        while (true) {
            ModuleSession session = sessions.findByModuleKey(moduleKey).filter(ModuleSession::isOpen).orElse(null);
            if (session == null) {
                return;
            }
            List<OutboxMessage> chunk = store.deliverable(moduleKey, props.deliveryChunk());
            if (chunk.isEmpty()) {
                return;
            }
            for (OutboxMessage m : chunk) {
                if (!sendOne(session, m)) {
                    return;
                }
            }
        }
    }

    /**
     * Writes one claimed message and waits for its flush (bounded by the session's send timeout). Returns
     * whether the run may go on with the next message.
     */
    private boolean sendOne(ModuleSession session, OutboxMessage m) {
        if (!store.claim(m, session.id())) {
            return true; // cancelled or expired meanwhile: it is not sent
        }
        try {
            session.send(m.getPayload()).get();
            store.delivered(m, session.id());
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            SendException.Failure failure = cause instanceof SendException s ? s.failure() : SendException.Failure.FAILED;
            switch (failure) {
                case TIMEOUT -> {
                    CompletableFuture<Integer> write = ((SendException) cause).pending();
                    inFlight.put(m.getModuleKey(), new InFlight(m, session.id(), write));
                    write.whenComplete((n, t) -> request(m.getModuleKey()));
                }
                // Nothing was written (the module left, or is not reading): no attempt against the message.
                case NOT_OPEN, NOT_READING -> store.release(m.getId(), cause.getMessage(), false, props.maxAttempts());
                default -> failed(m, cause);
            }
            return false;
        } catch (InterruptedException e) {
            // Shutting down: the message stays SENDING and waits again at the next start.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Settles the module's write that outlived the send timeout, if it has completed: DELIVERED once flushed,
     * QUEUED again when the session ended first. Returns false while it is still pending.
     */
    private boolean settleInFlight(String moduleKey) {
        InFlight f = inFlight.get(moduleKey);
        if (f == null) {
            return true;
        }
        if (!f.write().isDone()) {
            return false;
        }
        inFlight.remove(moduleKey, f);
        try {
            f.write().join();
            store.delivered(f.message(), f.sessionId());
        } catch (CompletionException | CancellationException e) {
            failed(f.message(), e.getCause() != null ? e.getCause() : e);
        }
        return true;
    }

    /** The write broke off (bytes may have gone out): the message waits again, and fails after max-attempts. */
    private void failed(OutboxMessage m, Throwable cause) {
        if (store.release(m.getId(), cause.getMessage(), true, props.maxAttempts())) {
            log.info("Outbox message {} for {} failed after {} attempts: {}", m.getId(), m.getModuleKey(),
                    props.maxAttempts(), cause.getMessage());
        }
    }

    /** Asks for a run for every module with a write in flight (the sweep: a dropped request must not strand it). */
    void requestInFlight() {
        inFlight.keySet().forEach(this::request);
    }

    /** A message written to a session and not yet flushed when its send timed out. */
    private record InFlight(OutboxMessage message, String sessionId, CompletableFuture<Integer> write) {
    }

    /** Modules waiting for or in a delivery run. */
    int activeRuns() {
        return pending.size();
    }

    /** Delivery runs started since start. */
    long runsStarted() {
        return runs.sum();
    }

    /** Modules that came online while the outbox was known to be empty, so no run was asked for. */
    long requestsSkipped() {
        return skipped.sum();
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }
}
