package dev.fleetgateway.session;

import io.netty.channel.Channel;

/**
 * Pauses and resumes a session's socket for its receive buffer, and counts what the buffer dropped (event loop).
 * Created with the buffer, at its first use.
 */
final class ChannelBackpressure implements ReceiveBuffer.Listener {

    private final ModuleSession session; // its channel now (none while a dial backs off), and its counters

    ChannelBackpressure(ModuleSession session) {
        this.session = session;
    }

    @Override
    public void pause() {
        Channel ch = session.channel();
        if (ch != null) {
            session.paused();
            ch.config().setAutoRead(false);
        }
    }

    @Override
    public void resume() {
        Channel ch = session.channel();
        if (ch != null && !ch.config().isAutoRead()) {
            session.readResumed();
            ch.config().setAutoRead(true);
            ch.read();
        }
    }

    @Override
    public void dropped(int frames, long bytes) {
        session.dropped(frames);
    }
}
