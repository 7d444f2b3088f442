package dev.fleetgateway.bench.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;

/**
 * A set of simulated modules on a few Netty event loops (no thread per connection). Connects with bounded
 * concurrency, says hello, holds, streams uplink frames and measures downlink latency probes.
 */
public final class ModuleFleet implements AutoCloseable {

    /** How a batch of connects went; latencies in microseconds (connect start to hello flushed). */
    public record ConnectReport(int connected, int failed, long elapsedNanos, Histogram latencyMicros) {
    }

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    private final List<ModuleHandler> handlers = new ArrayList<>();
    final LongAdder downlinkFrames = new LongAdder();
    final LongAdder closedByPeer = new LongAdder();
    final ConcurrentHistogram e2e = new ConcurrentHistogram(3);
    volatile CountDownLatch streamDone = new CountDownLatch(0);

    private java.util.function.IntFunction<String> helloSuffix = index -> "";

    public ModuleFleet(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /** Appends this to each module's hello key, e.g. {@code ;TOKEN:<token>} of module {@code index}. */
    public ModuleFleet helloSuffix(java.util.function.IntFunction<String> suffix) {
        this.helloSuffix = suffix;
        return this;
    }

    /**
     * Opens {@code count} modules with keys {@code keyPrefix + index} and waits until each is connected and
     * its hello line flushed (or failed). Source addresses rotate over {@code localHosts} so one client IP does
     * not run out of ephemeral ports.
     */
    public ConnectReport connect(String host, int port, List<String> localHosts, String keyPrefix, int from,
            int count, int inFlight, boolean hello) throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        LongAdder failed = new LongAdder();
        InetSocketAddress remote = new InetSocketAddress(host, port);
        long start = System.nanoTime();
        for (int i = from; i < from + count; i++) {
            permits.acquire();
            int index = i;
            ModuleHandler handler = new ModuleHandler(this, index);
            Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new DelimiterBasedFrameDecoder(64 * 1024, true, true,
                                    Unpooled.wrappedBuffer(new byte[] {'\n'})), handler);
                        }
                    });
            long t0 = System.nanoTime();
            String local = localHosts.get(i % localHosts.size());
            ChannelFuture cf = b.connect(remote, new InetSocketAddress(local, 0));
            cf.addListener(f -> {
                if (!f.isSuccess()) {
                    failed.increment();
                    permits.release();
                    return;
                }
                synchronized (channels) {
                    channels.add(cf.channel());
                    handlers.add(handler);
                }
                if (!hello) {
                    latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    permits.release();
                    return;
                }
                byte[] line = ("IMEI:" + keyPrefix + index + helloSuffix.apply(index) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                cf.channel().writeAndFlush(Unpooled.wrappedBuffer(line)).addListener(w -> {
                    if (w.isSuccess()) {
                        latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
                    } else {
                        failed.increment();
                    }
                    permits.release();
                });
            });
        }
        permits.acquire(inFlight);
        permits.release(inFlight);
        return new ConnectReport(openCount(), (int) failed.sum(), System.nanoTime() - start, latency);
    }

    /** Connections still open. */
    public int openCount() {
        synchronized (channels) {
            return (int) channels.stream().filter(Channel::isActive).count();
        }
    }

    /**
     * Streams uplink frames on every module for {@code millis} (each stops early after {@code maxFrames});
     * returns frames sent per module index.
     */
    public long[] stream(long millis, int maxIndex, long maxFrames) throws InterruptedException {
        List<ModuleHandler> all;
        synchronized (channels) {
            all = List.copyOf(handlers);
        }
        streamDone = new CountDownLatch(all.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        all.forEach(h -> h.stream(deadline, maxFrames));
        streamDone.await(millis + 30_000, TimeUnit.MILLISECONDS);
        long[] sent = new long[maxIndex];
        all.forEach(h -> sent[h.index] = h.framesSent());
        return sent;
    }

    /** Downlink lines received by all modules. */
    public long downlinkFrames() {
        return downlinkFrames.sum();
    }

    /** One-way REST-to-socket latency of the {@code T<nanoTime>} probes received, microseconds. */
    public Histogram endToEnd() {
        return e2e;
    }

    public long closedByPeer() {
        return closedByPeer.sum();
    }

    @Override
    public void close() {
        List<Channel> all;
        synchronized (channels) {
            all = List.copyOf(channels);
            channels.clear();
        }
        all.forEach(Channel::close);
        all.forEach(c -> c.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
