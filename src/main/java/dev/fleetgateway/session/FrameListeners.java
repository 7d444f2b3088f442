package dev.fleetgateway.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Who streams one session's frames. Copy on write; the shared empty list until somebody subscribes, so an
 * unwatched session allocates nothing per frame.
 */
final class FrameListeners {

    private volatile List<Consumer<Frame>> listeners = List.of();

    /**
     * Replays {@code buffered} (when given), then adds {@code onFrame}, all on {@code loop}; a closed session gets
     * {@code onClosed} instead. Returns what removes the listener.
     */
    Runnable subscribe(Executor loop, Supplier<FrameBatch> buffered, BooleanSupplier closed, Consumer<Frame> onFrame,
            Runnable onClosed) {
        loop.execute(() -> {
            if (buffered != null) {
                buffered.get().frames().forEach(onFrame);
            }
            if (closed.getAsBoolean()) {
                onClosed.run();
            } else {
                add(onFrame);
            }
        });
        return () -> remove(onFrame);
    }

    private synchronized void add(Consumer<Frame> listener) {
        List<Consumer<Frame>> l = new ArrayList<>(listeners);
        l.add(listener);
        listeners = List.copyOf(l);
    }

    private synchronized void remove(Consumer<Frame> listener) {
        List<Consumer<Frame>> l = new ArrayList<>(listeners);
        l.remove(listener);
        listeners = List.copyOf(l);
    }

    /** Tells every listener of a frame (event loop); builds the frame only when somebody listens. */
    void tell(long seq, long receivedAtMillis, byte[] data) {
        List<Consumer<Frame>> l = listeners;
        if (!l.isEmpty()) {
            Frame f = new Frame(seq, receivedAtMillis, data);
            for (Consumer<Frame> c : l) {
                c.accept(f);
            }
        }
    }
}
