package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import java.util.regex.Pattern;

import dev.fleetgateway.session.codec.FrameDecoders;
import dev.fleetgateway.session.codec.HelloHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/**
 * Builds every session pipeline, top to bottom: idle timeout (not counting while back-pressure pauses reading), hello identification (inbound), frame
 * decoder, session handler. Inbound channels get a new session here; outbound ones bring theirs.
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

    /** For the module port. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern) {
        this(registry, props, helloPattern, props.framing().toSpec(), null);
    }

    /** For a dial on behalf of an existing session object. */
    SessionChannelInitializer(SessionRegistry registry, SessionProperties props, FramingSpec framing,
            ModuleSession outbound) {
        this(registry, props, null, framing, outbound);
    }

    private SessionChannelInitializer(SessionRegistry registry, SessionProperties props, Pattern helloPattern,
            FramingSpec framing, ModuleSession outbound) {
        this.registry = registry;
        this.props = props;
        this.helloPattern = helloPattern;
        this.framing = framing;
        this.outboundSession = outbound;
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
                    props.hello().timeout().toMillis(), props.hello().maxLength(), new HelloOutcome()));
        }
        p.addLast(FRAMER, FrameDecoders.create(framing));
        p.addLast(SESSION, SessionHandler.INSTANCE);
        if (outboundSession == null) {
            registry.opened(session);
        }
    }

    /** Acts on the hello handler's decision for the channel's session. */
    private final class HelloOutcome implements HelloHandler.Verdict {
        @Override
        public boolean identified(ChannelHandlerContext ctx, String key) {
            ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
            if (!registry.bind(s, key)) {
                s.close(CloseReason.DUPLICATE_REJECTED);
                return false;
            }
            return true;
        }

        @Override
        public void anonymous(ChannelHandlerContext ctx) {
            registry.anonymous();
        }

        @Override
        public void rejected(ChannelHandlerContext ctx, boolean timeout) {
            ModuleSession s = ctx.channel().attr(ModuleSession.ATTR).get();
            s.close(timeout ? CloseReason.HELLO_TIMEOUT : CloseReason.HELLO_REJECTED);
        }
    }
}
