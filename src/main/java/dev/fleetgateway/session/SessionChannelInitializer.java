package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.fleetgateway.session.codec.FrameDecoders;
import dev.fleetgateway.session.codec.HelloHandler;
import dev.fleetgateway.session.codec.ProvenKey;
import dev.fleetgateway.system.LogThrottle;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Builds every session pipeline, top to bottom: idle timeout, TLS (the TLS port), hello identification
 * (inbound; behind TLS it joins once the handshake is done), frame decoder, session handler. Inbound channels
 * get a new session here; outbound ones bring theirs.
 */
final class SessionChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final Logger log = LoggerFactory.getLogger(SessionChannelInitializer.class);
    private static final LogThrottle conflictLog = new LogThrottle(log);

    static final String IDLE = "idle";
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
    private final ModuleTls tls;
    private final CertificateKeys certificateKeys;

    /** For the module port; {@code tls} is null on the plain listener. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern, ModuleTls tls) {
        this(registry, props, helloPattern, props.framing().toSpec(), null, tls);
    }

    /** For a dial on behalf of an existing session object. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, FramingSpec framing,
            ModuleSession outbound) {
        this(registry, props, null, framing, outbound, null);
    }

    private SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern,
            FramingSpec framing, ModuleSession outbound, ModuleTls tls) {
        this.registry = registry;
        this.props = props;
        this.helloPattern = helloPattern;
        this.framing = framing;
        this.outboundSession = outbound;
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
        long idle = props.readIdle().toMillis();
        if (idle > 0) {
            p.addLast(IDLE, new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
        }
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
                new HelloOutcome());
    }

    // A certificate that proves a key binds the session now; the hello step follows, optional for a proven module.
    private void afterHandshake(ChannelHandlerContext ctx, String provenKey) {
        ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
        if (provenKey != null && !registry.bind(s, provenKey)) {
            s.close(CloseReason.DUPLICATE_REJECTED);
            return;
        }
        if (helloPattern != null && ctx.channel().isActive()) {
            ctx.pipeline().addBefore(FRAMER, HELLO, hello(props.hello().required() && provenKey == null));
        }
    }

    /** Acts on the hello handler's decision for the channel's session. */
    private final class HelloOutcome implements HelloHandler.Verdict {
        @Override
        public boolean identified(ChannelHandlerContext ctx, String key) {
            ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
            String proven = ctx.channel().attr(ProvenKey.ATTR).get();
            if (proven != null) {
                // A module proven by its certificate may still say hello (same firmware), but never as another.
                if (proven.equals(key)) {
                    return true;
                }
                conflictLog.warn("Identification rejected from {}: certificate proves {} but the hello claims {}",
                        s.remoteAddress(), proven, key);
                s.close(CloseReason.HELLO_REJECTED);
                return false;
            }
            if (!registry.bind(s, key)) {
                s.close(CloseReason.DUPLICATE_REJECTED);
                return false;
            }
            return true;
        }

        @Override
        public void anonymous(ChannelHandlerContext ctx) {
            if (ctx.channel().attr(ProvenKey.ATTR).get() == null) {
                registry.anonymous();
            }
        }

        @Override
        public void rejected(ChannelHandlerContext ctx, boolean timeout) {
            ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
            s.close(timeout ? CloseReason.HELLO_TIMEOUT : CloseReason.HELLO_REJECTED);
        }
    }
}
