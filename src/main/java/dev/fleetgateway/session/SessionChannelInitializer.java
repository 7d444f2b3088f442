package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import java.util.regex.Pattern;

import dev.fleetgateway.module.Secrets;
import dev.fleetgateway.session.codec.FrameDecoders;
import dev.fleetgateway.session.codec.HelloHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * Builds every session pipeline, top to bottom: TLS (the TLS port), hello identification (inbound, decided by {@link Identification}; behind TLS it joins once
 * the handshake is done; it leaves once the module is identified), frame decoder, session handler. Inbound
 * channels get a new session here; outbound ones bring theirs. The read-idle clock is no handler: the registry's
 * {@link ReadIdleSweep} watches every channel from one wheel per event loop.
 */
final class SessionChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String TLS = "tls";
    static final String HANDSHAKE = "handshake";
    static final String HELLO = "hello";
    static final String FRAMER = "framer";
    static final String SESSION = "session";

    private final SessionRegistry registry;
    private final SessionProperties props;
    private final Pattern helloPattern;
    private final FramingSpec framing;
    private final ModuleSession outboundSession;
    private final Identification identification;
    private final ModuleTls tls;
    private final CertificateKeys certificateKeys;

    /** For the module port; {@code tls} is null on the plain listener. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern,
            Identification identification, ModuleTls tls) {
        this(registry, props, helloPattern, props.framing().toSpec(), null, identification, tls);
    }

    /** For a dial on behalf of an existing session object. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, FramingSpec framing,
            ModuleSession outbound) {
        this(registry, props, null, framing, outbound, null, null);
    }

    private SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern,
            FramingSpec framing, ModuleSession outbound, Identification identification, ModuleTls tls) {
        this.registry = registry;
        this.props = props;
        this.helloPattern = helloPattern;
        this.framing = framing;
        this.outboundSession = outbound;
        this.identification = identification;
        this.tls = tls;
        this.certificateKeys = tls == null ? null : new CertificateKeys(props.tls().keyFrom());
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ModuleSession session = outboundSession;
        if (session == null) {
            if (!registry.hasRoom()) {
                registry.rejectedAtLimit();
                ch.close();
                return;
            }
            session = registry.create(Direction.INBOUND, SessionState.OPEN, ch.eventLoop());
            session.attach(ch);
        }
        ChannelPipeline p = ch.pipeline();
        registry.readIdle().watch(ch);
        if (tls != null) {
            SslHandler ssl = tls.current().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(props.tls().handshakeTimeout().toMillis());
            p.addLast(TLS, ssl);
            p.addLast(HANDSHAKE, new TlsHandshake(certificateKeys, this::afterHandshake));
        } else if (helloPattern != null) {
            p.addLast(HELLO, hello(props.hello().required()));
        }
        p.addLast(FRAMER, FrameDecoders.create(framing));
        p.addLast(SESSION, SessionHandler.INSTANCE);
        if (outboundSession == null) {
            registry.opened(session);
        }
    }

    private HelloHandler hello(boolean required) {
        return new HelloHandler(helloPattern, required, props.hello().timeout().toMillis(), props.hello().maxLength(),
                identification, props.hello().challenge() ? Secrets::newNonce : null);
    }

    // A certificate that proves a key binds the session now; the hello step follows, optional for a proven module.
    private void afterHandshake(ChannelHandlerContext ctx, String provenKey) {
        if (provenKey != null && !identification.proven(ctx.channel(), provenKey)) {
            return;
        }
        if (helloPattern != null && ctx.channel().isActive()) {
            ctx.pipeline().addBefore(FRAMER, HELLO, hello(props.hello().required() && provenKey == null));
        }
    }
}
