package dev.fleetgateway.simulator;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** A plain Netty test server on 127.0.0.1, port 0: records connections and bytes, answers as told. */
final class LoopbackServer implements AutoCloseable {

    /** One accepted connection. */
    static final class Conn {
        final Channel channel;
        final long acceptedAt = System.nanoTime();
        final StringBuffer received = new StringBuffer();

        Conn(Channel channel) {
            this.channel = channel;
        }

        void send(String text) {
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final List<Conn> connections = new CopyOnWriteArrayList<>();
    final Queue<Conn> closed = new ConcurrentLinkedQueue<>();
    private volatile BiConsumer<Conn, String> onData = (c, s) -> { };

    LoopbackServer() {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Conn conn = new Conn(ch);
                        connections.add(conn);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf b = (ByteBuf) msg;
                                String s = b.toString(StandardCharsets.UTF_8);
                                b.release();
                                conn.received.append(s);
                                onData.accept(conn, s);
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                closed.add(conn);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    void onData(BiConsumer<Conn, String> handler) {
        this.onData = handler;
    }

    long open() {
        return connections.stream().filter(c -> c.channel.isActive()).count();
    }

    String allReceived() {
        StringBuilder sb = new StringBuilder();
        connections.forEach(c -> sb.append(c.received));
        return sb.toString();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
