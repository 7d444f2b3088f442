package dev.fleetgateway.session.codec;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * RAW framing: each read is a frame, as {@code recv(1024)} would see it; a read larger than the max frame
 * size is cut into max-size frames rather than rejected, since a raw stream has no frame boundaries.
 */
final class RawChunkDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final int max;

    RawChunkDecoder(int max) {
        super(ByteBuf.class);
        this.max = max;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        while (msg.readableBytes() > max) {
            out.add(msg.readRetainedSlice(max));
        }
        if (msg.isReadable()) {
            out.add(msg.readRetainedSlice(msg.readableBytes()));
        }
    }
}
