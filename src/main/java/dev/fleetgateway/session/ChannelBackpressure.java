package dev.fleetgateway.session;

import io.netty.channel.Channel;

/** Pauses and resumes a session's socket for its receive buffer, and counts what the buffer dropped (event loop). */
final class ChannelBackpressure implements ReceiveBuffer.Listener {

    private final ModuleSession session; // its channel now (none while a dial backs off); not a lambda: 16 B less
    private final SessionCounters counters;

    ChannelBackpressure(ModuleSession session, SessionCounters counters) {
        this.session = session;
        this.counters = counters;
    }

    @Override
    public void pause() {
        Channel ch = session.channel();
        if (ch != null) {
            counters.paused();
            ch.config().setAutoRead(false);
        }
    }

    @Override
    public void resume() {
        Channel ch = session.channel();
        if (ch != null && !ch.config().isAutoRead()) {
            counters.readResumed();
            ch.config().setAutoRead(true);
            ch.read();
        }
    }

    @Override
    public void dropped(int frames, long bytes) {
        counters.dropped(frames);
    }
}
