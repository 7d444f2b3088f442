package dev.fleetgateway.bench.client;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One simulated module of the load generator. Downlink lines are counted; a line {@code T<nanoTime>} is a
 * latency probe from the same process, so its one-way time is measured with one clock. Uplink streaming is
 * driven by {@link #stream} and pauses whenever the socket is not writable (TCP back-pressure), so the
 * generator measures what the server can take rather than filling its own memory.
 */
final class ModuleHandler extends ChannelInboundHandlerAdapter {

    private static final int FRAMES_PER_WRITE = 20;

    private final ModuleFleet fleet;
    final int index;
    private ChannelHandlerContext ctx;
    private long nextSeq = 1;
    private long deadline;
    private long cap;
    private boolean streaming;

    ModuleHandler(ModuleFleet fleet, int index) {
        this.fleet = fleet;
        this.index = index;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            fleet.downlinkFrames.increment();
            if (line.readableBytes() > 1 && line.getByte(line.readerIndex()) == 'T') {
                long sent = Long.parseLong(line.toString(line.readerIndex() + 1, line.readableBytes() - 1,
                        StandardCharsets.US_ASCII).trim());
                fleet.e2e.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
            }
        } finally {
            line.release();
        }
    }

    /** Sends frames as fast as the socket takes them until the deadline or the cap; call from any thread. */
    void stream(long deadlineNanos, long maxFrames) {
        ctx.executor().execute(() -> {
            deadline = deadlineNanos;
            cap = maxFrames;
            streaming = true;
            pump();
        });
    }

    /** Frames written so far (the last sequence number used). */
    long framesSent() {
        return nextSeq - 1;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void pump() {
        if (!streaming || !ctx.channel().isActive()) {
            return;
        }
        if (System.nanoTime() >= deadline || nextSeq > cap) {
            streaming = false;
            ctx.flush();
            fleet.streamDone.countDown();
            return;
        }
        int writes = 0;
        while (ctx.channel().isWritable() && writes++ < 16 && nextSeq <= cap) {
            ByteBuf buf = ctx.alloc().buffer(FRAMES_PER_WRITE * FrameFormat.LENGTH);
            for (int i = 0; i < FRAMES_PER_WRITE && nextSeq <= cap; i++) {
                FrameFormat.write(buf, index, nextSeq++);
            }
            ctx.write(buf, ctx.voidPromise());
        }
        ctx.flush();
        if (ctx.channel().isWritable() || nextSeq > cap) {
            // Give the other modules on this event loop their turn, then carry on.
            ctx.executor().execute(this::pump);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (streaming) {
            streaming = false;
            fleet.streamDone.countDown();
        }
        fleet.closedByPeer.increment();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
