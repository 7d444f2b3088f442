package dev.fleetgateway.system.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends every open stream ({@link EndsBeforeShutdown}: the API's event streams, the console's, forwarded ones) when
 * the application stops. A stream never ends by itself, and the web server's graceful shutdown waits for every
 * open request: without this, one open {@code /events} held shutdown for its whole timeout. Runs after the module
 * port has drained (so subscribers still get the closed events of the shutdown) and before the web server's
 * graceful shutdown.
 */
@Component
class StreamShutdown implements SmartLifecycle {

    /** Between the module port's drain ({@code MAX_VALUE - 512}) and web graceful shutdown ({@code MAX_VALUE - 1024}). */
    static final int PHASE = Integer.MAX_VALUE - 768;

    private final ObjectProvider<EndsBeforeShutdown> streams;
    private volatile boolean running;

    StreamShutdown(ObjectProvider<EndsBeforeShutdown> streams) {
        this.streams = streams;
    }

    @Override
    public void start() {
        streams.orderedStream().forEach(EndsBeforeShutdown::reopenStreams);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        streams.orderedStream().forEach(EndsBeforeShutdown::endStreams);
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
