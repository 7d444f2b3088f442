package dev.fleetgateway.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;

import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;
import dev.fleetgateway.usocket.TcpState;

/**
 * One {@code usocket.socket(AF_INET, SOCK_STREAM)} of a virtual module, on a Netty channel. Every method runs
 * on the module's event loop; results are futures so nothing ever waits on a thread.
 */
final class SimSocket {

    /** What the owning module hears from its socket. */
    interface Events {
        /** A downlink arrived; return true when consumed, false to buffer it for {@code recv}. */
        boolean onData(SimSocket socket, byte[] data);

        /** The connection ended; {@code error} is null for an orderly close by the peer or by us. */
        void onDisconnected(SimSocket socket, OsError error);
    }

    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final DownlinkBuffer rx;
    private final Events listener;
    private Channel channel;
    private TcpState state = TcpState.CLOSED;
    private boolean closed;
    private OsError error;

    SimSocket(EventLoop loop, Class<? extends SocketChannel> channelClass, int receiveBuffer, int maxRecvWaiters,
            Events listener) {
        this.loop = loop;
        this.channelClass = channelClass;
        this.rx = new DownlinkBuffer(loop, receiveBuffer, maxRecvWaiters);
        this.listener = listener;
    }

    /** {@code getsocketsta()}: the TCP state code, -1 once {@code close()} was called. */
    int sta() {
        return closed ? TcpState.CLOSED_SOCKET : state.code();
    }

    boolean isEstablished() {
        return !closed && state == TcpState.ESTABLISHED;
    }

    boolean isClosed() {
        return closed;
    }

    int buffered() {
        return rx.size();
    }

    /**
     * {@code connect(addr)}, from {@code source} when not null (bound first, port 0): completes when established,
     * or fails with the errno the module would see (99 EADDRNOTAVAIL for a source address that is not local).
     */
    CompletableFuture<Void> connect(InetSocketAddress address, InetSocketAddress source, int timeoutMillis) {
        return connect(address, source, timeoutMillis, null);
    }

    /** TLS for a dial: the client context and the name the server's certificate must carry. */
    record Tls(SslContext context, String serverName) {
    }

    /** {@code connect}, then a TLS handshake when {@code tls} is given; established only once both are done. */
    CompletableFuture<Void> connect(InetSocketAddress address, InetSocketAddress source, int timeoutMillis, Tls tls) {
        if (closed) {
            return CompletableFuture.failedFuture(new OsError(Errno.EBADF, "socket is closed"));
        }
        if (channel != null) {
            return CompletableFuture.failedFuture(state == TcpState.SYN_SENT
                    ? new OsError(Errno.EALREADY, "connect in progress")
                    : new OsError(Errno.EISCONN, "socket is already connected"));
        }
        state = TcpState.SYN_SENT;
        CompletableFuture<Void> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                // the address is resolved already (getaddrinfo, off the loop): never resolve on the loop
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(tls == null ? new Handler() : new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.context().newHandler(ch.alloc(), tls.serverName(),
                                address.getPort()), new Handler());
                    }
                });
        if (source != null && EpollSocketChannel.class.isAssignableFrom(channelClass)) {
            // Linux picks the port at connect, not at bind: ports are then unique per destination, not per source
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        ChannelFuture f = source == null ? b.connect(address) : b.connect(address, source);
        channel = f.channel();
        f.addListener(connected -> {
            if (tls == null || !connected.isSuccess()) {
                established(connected, result);
            } else {
                f.channel().pipeline().get(SslHandler.class).handshakeFuture()
                        .addListener(handshake -> established(handshake, result));
            }
        });
        return result;
    }

    private void established(io.netty.util.concurrent.Future<?> done, CompletableFuture<Void> result) {
        {
            if (done.isSuccess() && !closed) {
                state = TcpState.ESTABLISHED;
                result.complete(null);
            } else if (done.isSuccess()) {
                result.completeExceptionally(new OsError(Errno.EBADF, "socket closed while connecting"));
            } else {
                state = TcpState.CLOSED;
                error = OsError.of(done.cause());
                rx.fail(error);
                result.completeExceptionally(error);
                if (channel != null) {
                    channel.close(); // a failed handshake leaves a TCP connection behind
                }
            }
        }
    }

    /** {@code send(data)}: completes with the byte count once the bytes are flushed to the kernel. */
    CompletableFuture<Integer> send(byte[] data) {
        if (closed) {
            return CompletableFuture.failedFuture(new OsError(Errno.EBADF, "socket is closed"));
        }
        if (error != null) {
            return CompletableFuture.failedFuture(error);
        }
        if (state == TcpState.CLOSE_WAIT) {
            return CompletableFuture.failedFuture(new OsError(Errno.EPIPE, "peer closed the connection"));
        }
        if (state != TcpState.ESTABLISHED) {
            return CompletableFuture.failedFuture(new OsError(Errno.ENOTCONN, "socket is not connected"));
        }
        if (!channel.isWritable()) {
            // the peer is not reading: fail fast instead of queueing without bound
            return CompletableFuture.failedFuture(new OsError(Errno.EAGAIN, "send buffer full"));
        }
        CompletableFuture<Integer> result = new CompletableFuture<>();
        channel.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(done -> {
            if (done.isSuccess()) {
                result.complete(data.length);
            } else {
                result.completeExceptionally(OsError.of(done.cause()));
            }
        });
        return result;
    }

    /** {@code recv(max)} with the socket's timeout: nanoseconds, 0 non-blocking, negative no timer. */
    CompletableFuture<byte[]> recv(int max, long timeoutNanos) {
        if (closed) {
            return CompletableFuture.failedFuture(new OsError(Errno.EBADF, "socket is closed"));
        }
        if (channel == null) {
            return CompletableFuture.failedFuture(new OsError(Errno.ENOTCONN, "socket is not connected"));
        }
        CompletableFuture<byte[]> f = rx.take(max, timeoutNanos);
        return f.whenComplete((data, ex) -> resumeReading());
    }

    /** {@code close()}: orderly FIN; the socket object reports -1 from now on. */
    CompletableFuture<Void> close() {
        return shutdown(false);
    }

    /** Drops the connection the way a lost cell or a NAT timeout does: the peer sees a reset. */
    CompletableFuture<Void> abort(OsError cause) {
        if (error == null) {
            error = cause;
        }
        return shutdown(true);
    }

    void cancelWaiters(OsError cause) {
        rx.cancelWaiters(cause);
    }

    private CompletableFuture<Void> shutdown(boolean reset) {
        if (!reset) {
            closed = true;
            rx.fail(new OsError(Errno.EBADF, "socket is closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (channel == null) {
            done.complete(null);
            return done;
        }
        if (reset && channel.isActive()) {
            // SO_LINGER 0 turns close() into an RST
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        channel.close().addListener(f -> done.complete(null));
        return done;
    }

    private void resumeReading() {
        if (channel != null && !rx.isFull() && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Per-channel handler: stateful, one per socket. */
    private final class Handler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] data;
            try {
                data = ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
            if (closed || listener.onData(SimSocket.this, data)) {
                return;
            }
            rx.add(data);
            if (rx.isFull()) {
                // back-pressure like a full TCP window: stop reading until recv drains the buffer
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (error == null) {
                error = cause instanceof IOException || cause instanceof OsError
                        ? OsError.of(cause) : new OsError(Errno.ECONNRESET, cause.toString());
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT) {
                return; // never connected: the connect listener reports it
            }
            if (error != null) {
                state = TcpState.CLOSED;
                rx.fail(error);
            } else if (!closed) {
                // the peer closed: usocket reports CLOSE_WAIT until the program calls close()
                state = TcpState.CLOSE_WAIT;
                rx.endOfStream();
            } else {
                state = TcpState.CLOSED;
            }
            listener.onDisconnected(SimSocket.this, error);
        }
    }
}
