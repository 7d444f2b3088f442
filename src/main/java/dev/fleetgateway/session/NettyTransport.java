package dev.fleetgateway.session;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops every socket of the process runs on: the module port, outbound sessions and simulated
 * modules share them, so there is never a thread per socket.
 */
@Component
public class NettyTransport implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    private final boolean epoll;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;

    NettyTransport(SessionProperties props) {
        this.epoll = switch (props.transport()) {
            case NIO -> false;
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case AUTO -> Epoll.isAvailable();
        };
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(props.bossThreads(), new DefaultThreadFactory("fleet-accept", true), factory);
        this.workers = new MultiThreadIoEventLoopGroup(props.workerThreadCount(),
                new DefaultThreadFactory("fleet-io", true), factory);
        log.info("Netty transport {} with {} I/O threads", epoll ? "epoll" : "nio", props.workerThreadCount());
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public boolean isEpoll() {
        return epoll;
    }

    public Class<? extends ServerSocketChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> channelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public void destroy() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
