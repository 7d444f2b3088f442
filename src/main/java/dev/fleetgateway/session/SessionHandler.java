package dev.fleetgateway.session;

import dev.fleetgateway.usocket.Errno;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Last handler of every session pipeline: hands frames to the {@link ModuleSession}, and is the one terminal
 * exception handler, sorting I/O errors (RESET), oversize or corrupt frames (FRAME_TOO_LARGE) and bugs
 * (ERROR). Stateless: the session is the channel attribute.
 */
@Sharable
final class SessionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    static final SessionHandler INSTANCE = new SessionHandler();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (msg instanceof byte[] frame) {
            // DELIMITER framing hands over frames already copied out of the socket buffer.
            if (s != null && frame.length > 0) {
                s.onFrame(frame);
            }
        } else if (msg instanceof ByteBuf buf) {
            try {
                if (s != null && buf.isReadable()) {
                    s.onFrame(ByteBufUtil.getBytes(buf));
                }
            } finally {
                buf.release();
            }
        } else {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (s != null) {
            s.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (s != null) {
            s.writabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (s != null) {
            s.onInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        CloseReason reason;
        Errno errno = null;
        if (root instanceof TooLongFrameException || root instanceof CorruptedFrameException) {
            reason = CloseReason.FRAME_TOO_LARGE;
            log.debug("Session {}: {}", s == null ? "?" : s.id(), root.getMessage());
        } else if (root instanceof IOException) {
            reason = CloseReason.RESET;
            errno = Errno.of(root);
        } else {
            reason = CloseReason.ERROR;
            log.warn("Session {} failed", s == null ? "?" : s.id(), cause);
        }
        if (s != null) {
            s.noteError(reason, errno);
        }
        ctx.close();
    }
}
