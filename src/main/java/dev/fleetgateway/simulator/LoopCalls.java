package dev.fleetgateway.simulator;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;

import dev.fleetgateway.system.Futures;

/** Runs an operation on a module's event loop from any thread and hands back its future, unwrapped. */
final class LoopCalls {

    private LoopCalls() {
    }

    static <T> CompletableFuture<T> onLoop(EventLoop loop, Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                op.get().whenComplete((v, ex) -> {
                    if (ex != null) {
                        // callers (REST) want the OsError itself, not the CompletionException around it
                        result.completeExceptionally(Futures.unwrap(ex));
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
