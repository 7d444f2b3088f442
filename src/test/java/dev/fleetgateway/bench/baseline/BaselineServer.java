package dev.fleetgateway.bench.baseline;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * The yardstick: the least a server can do with the module protocol. Raw Netty, the same line framing as the
 * gateway's DELIMITER mode, a module port that consumes the hello line and counts frames, and a tiny HTTP port
 * (stats, send, health) so the REST scenarios have a floor to compare with. Runs as its own process.
 *
 * <p>Usage: {@code BaselineServer <modulePort> <httpPort>}; prints {@code READY} when both listen.
 */
public final class BaselineServer {

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        int modulePort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        // "count-only": frames are counted and nothing else (no order check), the least a framing server does.
        boolean checkOrder = !(args.length > 2 && args[2].equals("count-only"));
        // Same worker count rule as the gateway (2 x cores) so neither side gets more event loops.
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2 * Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        BaselineState state = new BaselineState();
        Channel modules = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new DelimiterBasedFrameDecoder(64 * 1024, true, true,
                                Unpooled.wrappedBuffer(new byte[] {'\n'})));
                        ch.pipeline().addLast(new BaselineLineHandler(state, checkOrder));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", modulePort)).sync().channel();
        Channel http = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1024 * 1024),
                                new BaselineHttpHandler(state));
                    }
                }).bind(new InetSocketAddress("127.0.0.1", httpPort)).sync().channel();
        System.out.println("READY");
        System.out.flush();
        // Stops when the harness closes our stdin (or dies), so a crashed run leaves no server behind.
        while (System.in.read() >= 0) {
            // keep reading until EOF
        }
        modules.close();
        http.close();
        boss.shutdownGracefully();
        workers.shutdownGracefully();
    }
}
