package dev.fleetgateway.session.web;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends the open SSE streams when the application stops. A stream never ends by itself, and the web server's
 * graceful shutdown waits for every open request: without this, one open {@code /events} held shutdown for
 * its whole timeout. Runs after the module port has drained (so subscribers still get the closed events of
 * the shutdown) and before the web server's graceful shutdown.
 */
@Component
class StreamShutdown implements SmartLifecycle {

    /** Between the module port's drain ({@code MAX_VALUE - 512}) and web graceful shutdown ({@code MAX_VALUE - 1024}). */
    static final int PHASE = Integer.MAX_VALUE - 768;

    private final EventStreams streams;
    private volatile boolean running;

    StreamShutdown(EventStreams streams) {
        this.streams = streams;
    }

    @Override
    public void start() {
        streams.reopen();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        streams.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
