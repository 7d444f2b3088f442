package dev.fleetgateway.session;

import java.net.InetSocketAddress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * First handler of the listening channel: sees each accepted connection before it is registered with an I/O
 * loop, and closes a refused one there and then, so a flood costs one accept and one close per connection and
 * no session, pipeline or buffer.
 */
@Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {

    private final SourceLimits limits;
    private final SessionRegistry registry;
    private final SessionMetrics metrics;
    private final ChannelFutureListener release;

    AcceptGuard(SourceLimits limits, SessionRegistry registry, SessionMetrics metrics) {
        this.limits = limits;
        this.registry = registry;
        this.metrics = metrics;
        this.release = f -> limits.released(source(f.channel()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String source = source(child);
        Refusal refusal = registry.hasRoom() ? limits.admit(source) : Refusal.MAX_SESSIONS;
        if (refusal != null) {
            metrics.refused(refusal);
            child.unsafe().closeForcibly();
            return;
        }
        // The source again from the channel, not captured: no listener object and string per session (issue 18).
        child.closeFuture().addListener(release);
        ctx.fireChannelRead(child);
    }

    private static String source(Channel child) {
        if (child.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return String.valueOf(child.remoteAddress());
    }
}
