package dev.fleetgateway.dataplane.web;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.fleetgateway.dataplane.DataPlaneProperties;
import dev.fleetgateway.session.NettyTransport;
import dev.fleetgateway.usocket.OwnPorts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The data-plane port: a Netty HTTP/1.1 server on the process's shared event loops. Bounded everywhere: connections
 * beyond {@code max-connections} are closed at accept, a body beyond the content limit is a 413 problem (and the
 * connection closed), an idle connection is closed, waiting recvs are counted.
 */
final class DataPlaneServer implements SmartLifecycle, OwnPorts {

    private static final Logger log = LoggerFactory.getLogger(DataPlaneServer.class);

    private final DataPlaneProperties props;
    private final NettyTransport transport;
    private final DataPlane plane;
    private final DataPlaneWorkers workers;
    private final SslContext tls;
    private final long contentLimit;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Channel server;

    DataPlaneServer(DataPlaneProperties props, NettyTransport transport, DataPlane plane, DataPlaneWorkers workers,
            SslContext tls, long contentLimit) {
        this.props = props;
        this.transport = transport;
        this.plane = plane;
        this.workers = workers;
        this.tls = tls;
        this.contentLimit = contentLimit;
        plane.metrics().gauges(connections::get, plane.reads()::waiting);
    }

    @Override
    public void start() {
        ConnectionLimit limit = new ConnectionLimit();
        ServerBootstrap b = new ServerBootstrap().group(transport.boss(), transport.workers())
                .channel(transport.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        var p = ch.pipeline();
                        p.addLast(limit);
                        if (tls != null) {
                            p.addLast(tls.newHandler(ch.alloc()));
                        }
                        p.addLast(new IdleStateHandler(0, 0, props.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                        p.addLast(new HttpServerCodec());
                        p.addLast(new Aggregator(contentLimit, plane.problems(), plane.metrics()));
                        p.addLast(new DataPlaneHandler(plane));
                    }
                });
        InetSocketAddress at = new InetSocketAddress(props.bindAddress(), props.port());
        try {
            server = b.bind(at).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            throw new IllegalStateException("The data-plane port cannot listen on " + at + " (gateway.data-plane): "
                    + e.getMessage(), e);
        }
        log.info("Data-plane port listening on {}:{} ({}; send, recv, messages; gateway.data-plane)", props.bindAddress(),
                localPort(), tls != null ? "HTTPS" : "HTTP");
    }

    @Override
    public void stop() {
        Channel c = server;
        if (c != null) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            server = null;
        }
        workers.shutdown();
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    // Before the module server stops (it closes sessions), after it starts.
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    /** The bound port, or -1 when not listening. */
    int localPort() {
        Channel c = server;
        return c == null ? -1 : ((InetSocketAddress) c.localAddress()).getPort();
    }

    @Override
    public List<Integer> ownPorts() {
        int p = localPort();
        return p > 0 ? List.of(p) : List.of();
    }

    /** Closes connections beyond {@code max-connections} as they are accepted. */
    @ChannelHandler.Sharable
    private final class ConnectionLimit extends ChannelInboundHandlerAdapter {

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (connections.incrementAndGet() > props.maxConnections()) {
                plane.metrics().rejected(DataPlaneMetrics.Rejected.CONNECTIONS);
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            connections.decrementAndGet();
            super.channelInactive(ctx);
        }
    }

    /** Aggregates a request's body up to the limit; beyond it answers the REST port's 413 problem and closes. */
    private static final class Aggregator extends HttpObjectAggregator {

        private final long limit;
        private final DataPlaneProblems problems;
        private final DataPlaneMetrics metrics;

        Aggregator(long limit, DataPlaneProblems problems, DataPlaneMetrics metrics) {
            super((int) Math.min(Integer.MAX_VALUE, limit));
            this.metrics = metrics;
            this.limit = limit;
            this.problems = problems;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            String path = oversized instanceof HttpRequest r ? new io.netty.handler.codec.http.QueryStringDecoder(
                    r.uri()).rawPath() : "/";
            metrics.rejected(DataPlaneMetrics.Rejected.TOO_LARGE);
            Answer a = problems.tooLarge(HttpUtil.getContentLength(oversized, -1L), limit, path);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(a.status()), Unpooled.wrappedBuffer(a.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            HttpUtil.setContentLength(response, a.body().length);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
