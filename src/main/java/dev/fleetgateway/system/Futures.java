package dev.fleetgateway.system;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the futures the asynchronous paths hand around. */
public final class Futures {

    private Futures() {
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
