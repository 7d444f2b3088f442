package dev.fleetgateway.bench.baseline;

import dev.fleetgateway.bench.client.FrameFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One module connection of the baseline: the first line {@code IMEI:<key>} identifies, every later line is a
 * frame that is counted and, unless {@code checkOrder} is off, checked for order (module index + sequence, see
 * {@link FrameFormat}).
 */
final class BaselineLineHandler extends ChannelInboundHandlerAdapter {

    private final BaselineState state;
    private final boolean checkOrder;
    private String key;
    private long lastSeq;

    BaselineLineHandler(BaselineState state, boolean checkOrder) {
        this.state = state;
        this.checkOrder = checkOrder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        state.open.incrementAndGet();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state.open.decrementAndGet();
        if (key != null) {
            state.byKey.remove(key, ctx.channel());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf line = (ByteBuf) msg;
        try {
            if (key == null && line.readableBytes() > 5 && line.getByte(line.readerIndex()) == 'I') {
                String text = line.toString(java.nio.charset.StandardCharsets.ISO_8859_1).trim();
                if (text.startsWith("IMEI:")) {
                    key = text.substring(5);
                    state.byKey.put(key, ctx.channel());
                    state.identified.increment();
                    return;
                }
            }
            state.frames.increment();
            if (!checkOrder) {
                return;
            }
            state.bytes.add(line.readableBytes() + 1L);
            long seq = FrameFormat.sequenceOf(line);
            if (seq > 0) {
                if (seq != lastSeq + 1) {
                    state.outOfOrder.increment();
                }
                lastSeq = seq;
            }
        } finally {
            line.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
