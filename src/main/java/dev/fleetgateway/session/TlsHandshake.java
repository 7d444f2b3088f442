package dev.fleetgateway.session;

import java.security.cert.Certificate;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import dev.fleetgateway.session.codec.ProvenKey;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Sits behind the {@link SslHandler} of a TLS session until the handshake ends: a failed handshake closes the
 * session with {@code TLS_FAILED}; a successful one reads the client certificate's module key (if the rule maps
 * one), records it as the channel's {@link ProvenKey}, and hands over to the hello step.
 */
final class TlsHandshake extends ChannelInboundHandlerAdapter {

    private final CertificateKeys keys;
    private final BiConsumer<ChannelHandlerContext, String> afterHandshake;

    /** {@code afterHandshake} gets the proven key (or null) on the event loop, before any application data. */
    TlsHandshake(CertificateKeys keys, BiConsumer<ChannelHandlerContext, String> afterHandshake) {
        this.keys = keys;
        this.afterHandshake = afterHandshake;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (!done.isSuccess()) {
            failed(ctx);
            return;
        }
        String key = keys.keyOf(peerCertificates(ctx));
        if (key != null) {
            ctx.channel().attr(ProvenKey.ATTR).set(key);
        }
        ctx.pipeline().remove(this);
        afterHandshake.accept(ctx, key);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof SSLException) {
            failed(ctx);
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static void failed(ChannelHandlerContext ctx) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (s != null) {
            s.noteError(CloseReason.TLS_FAILED, null);
        }
        ctx.close();
    }

    private static Certificate[] peerCertificates(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            return ssl == null ? null : ssl.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null; // no client certificate (client-auth WANT or NONE)
        }
    }
}
