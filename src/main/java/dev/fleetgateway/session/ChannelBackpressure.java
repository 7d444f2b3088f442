package dev.fleetgateway.session;

import java.util.function.Supplier;

import io.netty.channel.Channel;

/** Pauses and resumes a session's socket for its receive buffer, and counts what the buffer dropped (event loop). */
final class ChannelBackpressure implements ReceiveBuffer.Listener {

    private final Supplier<Channel> channel;
    private final SessionCounters counters;

    ChannelBackpressure(Supplier<Channel> channel, SessionCounters counters) {
        this.channel = channel;
        this.counters = counters;
    }

    @Override
    public void pause() {
        Channel ch = channel.get();
        if (ch != null) {
            counters.paused();
            ch.config().setAutoRead(false);
        }
    }

    @Override
    public void resume() {
        Channel ch = channel.get();
        if (ch != null && !ch.config().isAutoRead()) {
            ch.config().setAutoRead(true);
            ch.read();
        }
    }

    @Override
    public void dropped(int frames, long bytes) {
        counters.dropped(frames);
    }
}
