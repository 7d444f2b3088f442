package dev.fleetgateway.session;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * {@code read-idle}: tells the session (READER_IDLE) when nothing came for that long while the gateway was reading.
 * A socket paused by back-pressure (auto-read off: the receive buffer is full) is the gateway not reading, not the
 * module being idle, so the clock stops while paused and starts afresh when reading resumes: every read request
 * that passes here ({@code read()}, sent on resume) restarts it. Per channel, not sharable.
 */
final class ReadIdleHandler extends IdleStateHandler {

    ReadIdleHandler(long idleMillis) {
        super(idleMillis, 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void read(ChannelHandlerContext ctx) throws Exception {
        // With auto-read on this passes after each read and on resume: the gateway asks for more from now on.
        resetReadTimeout();
        super.read(ctx);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) throws Exception {
        if (ctx.channel().config().isAutoRead()) {
            super.channelIdle(ctx, evt);
        }
    }
}
