package dev.fleetgateway.system;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers for the futures the asynchronous paths hand around. */
public final class Futures {

    private Futures() {
    }

    /**
     * How long a request thread waits for a send to flush before the request goes asynchronous. A flush on a
     * reading module takes microseconds; waiting for it here answers the request on its own thread, which costs
     * far less than Spring MVC's second dispatch of an async result. A slow module costs a request thread this
     * long, then takes the async path.
     */
    public static final long SETTLE_MILLIS = 10;

    /**
     * Waits up to {@code millis} for {@code future} to complete (its outcome is not examined here) and returns it.
     * For request threads only, never an event loop.
     */
    public static <T> CompletableFuture<T> settle(CompletableFuture<T> future, long millis) {
        if (!future.isDone()) {
            try {
                future.get(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
                // the caller reads the outcome from the future
            }
        }
        return future;
    }

    /** The failure behind completion and execution wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The failure behind wrappers, as an unchecked exception to rethrow. */
    public static RuntimeException rethrowable(Throwable t) {
        Throwable e = unwrap(t);
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
