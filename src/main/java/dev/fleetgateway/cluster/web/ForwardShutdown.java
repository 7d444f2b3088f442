package dev.fleetgateway.cluster.web;

import org.springframework.context.SmartLifecycle;

/**
 * Ends the forwarded streams when the application stops, in the same phase as the local streams end (after the
 * module port drained, before the web server's graceful shutdown, which would otherwise wait for them).
 */
final class ForwardShutdown implements SmartLifecycle {

    /** The phase of {@code session.web.StreamShutdown}. */
    static final int PHASE = Integer.MAX_VALUE - 768;

    private final Forwarder forwarder;
    private volatile boolean running;

    ForwardShutdown(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        forwarder.endStreams();
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
