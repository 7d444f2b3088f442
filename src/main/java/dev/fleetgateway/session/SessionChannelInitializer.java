package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import java.util.regex.Pattern;

import dev.fleetgateway.module.Secrets;
import dev.fleetgateway.session.codec.FrameDecoders;
import dev.fleetgateway.session.codec.HelloHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/**
 * Builds every session pipeline, top to bottom: idle timeout (not counting while back-pressure pauses reading),
 * hello identification (inbound, decided by {@link Identification}), frame decoder, session handler. Inbound
 * channels get a new session here; outbound ones bring theirs.
 */
final class SessionChannelInitializer extends ChannelInitializer<SocketChannel> {

    static final String IDLE = "idle";
    static final String HELLO = "hello";
    static final String FRAMER = "framer";
    static final String SESSION = "session";

    private final SessionRegistry registry;
    private final SessionProperties props;
    private final Pattern helloPattern;
    private final FramingSpec framing;
    private final ModuleSession outboundSession;
    private final HelloHandler.Verdict identification;

    /** For the module port. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern,
            HelloHandler.Verdict identification) {
        this(registry, props, helloPattern, props.framing().toSpec(), null, identification);
    }

    /** For a dial on behalf of an existing session object. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, FramingSpec framing,
            ModuleSession outbound) {
        this(registry, props, null, framing, outbound, null);
    }

    private SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern,
            FramingSpec framing, ModuleSession outbound, HelloHandler.Verdict identification) {
        this.registry = registry;
        this.props = props;
        this.helloPattern = helloPattern;
        this.framing = framing;
        this.outboundSession = outbound;
        this.identification = identification;
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
            p.addLast(IDLE, new ReadIdleHandler(idle));
        }
        if (helloPattern != null) {
            p.addLast(HELLO, new HelloHandler(helloPattern, props.hello().required(),
                    props.hello().timeout().toMillis(), props.hello().maxLength(), identification,
                    props.hello().challenge() ? Secrets::newNonce : null));
        }
        p.addLast(FRAMER, FrameDecoders.create(framing));
        p.addLast(SESSION, SessionHandler.INSTANCE);
        if (outboundSession == null) {
            registry.opened(session);
        }
    }
}
