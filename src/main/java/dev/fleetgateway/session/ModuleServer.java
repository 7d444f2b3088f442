package dev.fleetgateway.session;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.fleetgateway.usocket.OwnPorts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

/**
 * The module port: a Netty server modules dial, plain, TLS ({@code gateway.modules.tls}) or both side by side.
 * Every accepted connection passes the {@link AcceptGuard} first. Starts with the application context; on
 * shutdown it stops accepting, reports readiness down, lets sessions end by themselves for the grace period,
 * then closes the rest with {@code SHUTDOWN}.
 */
@Component
public class ModuleServer implements SmartLifecycle, OwnPorts {

    private static final Logger log = LoggerFactory.getLogger(ModuleServer.class);

    private final SessionProperties props;
    private final NettyTransport transport;
    private final SessionRegistry registry;
    private final ApplicationEventPublisher events;
    private final Identification identification;
    private final ModuleTls tls;
    private final AcceptGuard guard;
    private volatile Channel serverChannel;
    private volatile Channel tlsChannel;
    private volatile boolean running;
    private volatile boolean draining;

    ModuleServer(SessionProperties props, NettyTransport transport, SessionRegistry registry,
            ApplicationEventPublisher events, Identification identification, ModuleTls tls, SourceLimits limits,
            SessionMetrics metrics) {
        this.identification = identification;
        this.props = props;
        this.transport = transport;
        this.registry = registry;
        this.events = events;
        this.tls = tls;
        this.guard = new AcceptGuard(limits, registry, metrics);
        Pattern.compile(props.hello().pattern()); // fail at startup on a bad pattern
    }

    @Override
    public void start() {
        running = true;
        if (draining) {
            // Started again after a stop (a Lifecycle restart, or a test context paused by Spring and resumed):
            // take traffic again, or readiness would stay down for good.
            draining = false;
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        if (!props.enabled()) {
            log.info("Module port disabled (gateway.modules.enabled=false)");
            return;
        }
        Pattern hello = Pattern.compile(props.hello().pattern());
        if (!tls.enabled() || props.tls().plainPort()) {
            serverChannel = bind(props.port(), new SessionChannelInitializer(registry, props, hello, identification, null));
            log.info("Module port listening on {}:{} (max {} sessions)", props.bindAddress(), localPort(),
                    registry.maxSessions());
        }
        if (tls.enabled()) {
            tlsChannel = bind(props.tls().port(), new SessionChannelInitializer(registry, props, hello, identification, tls));
            log.info("Module TLS port listening on {}:{} (bundle '{}', client certificates {})", props.bindAddress(),
                    tlsPort(), props.tls().bundle(), props.tls().clientAuth());
        }
    }

    private static final RecvByteBufAllocator RECEIVE_ALLOCATOR =
            new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(16);

    private Channel bind(int port, SessionChannelInitializer initializer) {
        ServerBootstrap b = new ServerBootstrap()
                .group(transport.boss(), transport.workers())
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(guard)
                .childOption(ChannelOption.SO_KEEPALIVE, props.tcpKeepalive())
                .childOption(ChannelOption.TCP_NODELAY, true)
                // One allocator for every session (it makes each channel its own handle) instead of one per channel
                // (32 B each, issue 18); 16 reads per wake-up, what a stream channel's own allocator gets.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        (int) props.writeBufferLow().toBytes(), (int) props.writeBufferHigh().toBytes()))
                .childHandler(initializer);
        return b.bind(props.bindAddress(), port).syncUninterruptibly().channel();
    }

    /** The bound plain port, or -1 when it is not listening. */
    public int localPort() {
        return portOf(serverChannel);
    }

    /** The bound TLS port, or -1 when it is not listening. */
    public int tlsPort() {
        return portOf(tlsChannel);
    }

    private static int portOf(Channel ch) {
        if (ch == null || !ch.isActive()) {
            return -1;
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** The module ports, plain and TLS, that are listening: the outbound policy refuses them as destinations. */
    @Override
    public java.util.List<Integer> ownPorts() {
        return java.util.stream.IntStream.of(localPort(), tlsPort()).filter(p -> p > 0).boxed().toList();
    }

    public boolean isListening() {
        return localPort() > 0 || tlsPort() > 0;
    }

    public boolean isDraining() {
        return draining;
    }

    @Override
    public void stop(Runnable callback) {
        Thread t = new Thread(() -> {
            try {
                drain();
            } finally {
                running = false;
                callback.run();
            }
        }, "fleet-drain");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop() {
        drain();
        running = false;
    }

    private void drain() {
        draining = true;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        for (Channel ch : new Channel[] {serverChannel, tlsChannel}) {
            if (ch != null) {
                ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        long deadline = System.nanoTime() + props.shutdownGrace().toNanos();
        while (registry.liveCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = registry.liveCount();
        if (left > 0) {
            log.info("Closing {} sessions after the {} grace period", left, props.shutdownGrace());
            registry.closeAll(CloseReason.SHUTDOWN);
            long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (registry.liveCount() > 0 && System.nanoTime() < closeDeadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Drains before the web server stops, so waiting HTTP readers are answered (EOF) and finish. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 512;
    }
}
