package dev.fleetgateway.system.web;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One Server-Sent Events client with a bounded queue, drained by a writer pool one drain at a time, so that events
 * can be offered from any thread (an event loop included) without blocking it. A client whose queue overflows is
 * too slow: it is released at once (its owner frees the slot and its listeners) and its stream ends after an
 * optional last event, so one slow client never grows memory or stalls the others.
 */
public final class BoundedSseSubscriber {

    private final SseEmitter emitter;
    private final BlockingQueue<SseEmitter.SseEventBuilder> queue;
    private final Executor writers;
    private final Supplier<SseEmitter.SseEventBuilder> overflow;
    private final Runnable onRelease;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean finishing;

    /**
     * A new subscriber with an open emitter (no timeout) whose first comment is already buffered: it is flushed as
     * soon as the response starts, so the status and headers reach the client at once rather than with the first
     * heartbeat or event.
     *
     * @param capacity  events that may wait for the writer
     * @param writers   the pool that drains (see {@link #writers})
     * @param overflow  called when the queue overflows: counts it where the owner counts, and returns the last
     *                  event to send before the stream ends, or null for none
     * @param onRelease runs once, when the client's slot is freed (it left, its stream ended, or it was too slow)
     */
    public BoundedSseSubscriber(int capacity, Executor writers, Supplier<SseEmitter.SseEventBuilder> overflow,
            Runnable onRelease) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writers = writers;
        this.overflow = overflow;
        this.onRelease = onRelease;
        this.emitter = new SseEmitter(0L);
        try {
            emitter.send(SseEmitter.event().comment("open"));
        } catch (IOException e) {
            // not reachable: before the response starts, a send is only buffered
        }
        emitter.onCompletion(this::ended);
        emitter.onTimeout(this::ended);
        emitter.onError(t -> ended());
    }

    /**
     * A writer pool of daemon threads. At most one drain task per subscriber is queued, so its queue is bounded by
     * the owner's limit on subscribers.
     */
    public static ExecutorService writers(String threadName, int threads) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(threadName, true));
    }

    /** The emitter a handler returns. */
    public SseEmitter emitter() {
        return emitter;
    }

    /** Whether the slot was freed: nothing more is sent. */
    public boolean isReleased() {
        return released.get();
    }

    /** Queues a named event; a full queue drops the subscriber. */
    public void offer(String name, Object data) {
        if (released.get() || finishing) {
            return;
        }
        if (!queue.offer(SseEmitter.event().name(name).data(data))) {
            drop();
            return;
        }
        schedule();
    }

    /** Queues a comment (a heartbeat); skipped, not counted as slowness, when the queue is full. */
    public void offerComment(String comment) {
        if (!released.get() && !finishing && queue.offer(SseEmitter.event().comment(comment))) {
            schedule();
        }
    }

    /** Ends the stream once what is queued has been written. */
    public void finish() {
        finishing = true;
        schedule();
    }

    // The slot and listeners are freed at once; the last event and completion follow when the writer gets
    // through (a client that never reads is cut off by the container's write timeout).
    private void drop() {
        queue.clear();
        SseEmitter.SseEventBuilder last = overflow.get();
        if (last != null) {
            queue.offer(last);
        }
        release();
        finish();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException shutdown) {
                draining.set(false);
            }
        }
    }

    private void drain() {
        try {
            SseEmitter.SseEventBuilder next;
            while ((next = queue.poll()) != null && !ended.get()) {
                emitter.send(next);
            }
            if (finishing && !ended.get()) {
                emitter.complete();
                ended();
            }
        } catch (IOException | IllegalStateException e) {
            ended();
        } finally {
            draining.set(false);
            if ((!queue.isEmpty() || finishing) && !ended.get()) {
                schedule();
            }
        }
    }

    private void ended() {
        if (ended.compareAndSet(false, true)) {
            queue.clear();
        }
        release();
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            onRelease.run();
        }
    }
}
