package dev.fleetgateway.dataplane.web;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The small bounded pool {@code fleet-data-work-*} that runs what may read the database (a module id, an offline or
 * unknown module, queueing into the outbox) off the event loops; a full queue refuses the call (503), never
 * blocks the loop.
 */
final class DataPlaneWorkers {

    /** The pool's queue is full. */
    static final class Busy extends RuntimeException {

        Busy() {
            super("data-plane pool full", null, false, false);
        }
    }

    private final ThreadPoolExecutor pool;
    private final Runnable onFull;

    DataPlaneWorkers(int threads, int queue, Runnable onFull) {
        this.onFull = onFull;
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                new DefaultThreadFactory("fleet-data-work", true), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code call} on the pool; its future (or its failure) becomes the result; {@link Busy} when full. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    call.get().whenComplete((v, t) -> {
                        if (t != null) {
                            result.completeExceptionally(t);
                        } else {
                            result.complete(v);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException full) {
            onFull.run();
            result.completeExceptionally(new Busy());
        }
        return result;
    }

    void shutdown() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
