package dev.fleetgateway.session.codec;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Builds the frame decoder for a {@link FramingSpec}; every decoder bounds the frame length. Frames come out as
 * {@code ByteBuf} (RAW, FIXED, LENGTH_FIELD) or {@code byte[]} (DELIMITER); the session handler takes both.
 */
public final class FrameDecoders {

    private FrameDecoders() {
    }

    /** A new (stateful, per-channel) decoder. */
    public static ChannelHandler create(FramingSpec spec) {
        int max = spec.maxFrameBytes();
        return switch (spec.modeOrDefault()) {
            case RAW -> new RawChunkDecoder(max);
            case DELIMITER -> new DelimiterFrameDecoder(max, spec.strip(), spec.delimiterBytes());
            case FIXED -> new FixedLengthFrameDecoder(spec.fixedLength());
            case LENGTH_FIELD -> {
                int len = spec.lengthFieldLength() == null ? 2 : spec.lengthFieldLength();
                int offset = spec.lengthFieldOffset() == null ? 0 : spec.lengthFieldOffset();
                int adjust = spec.lengthAdjustment() == null ? 0 : spec.lengthAdjustment();
                boolean strip = spec.stripHeader() == null || spec.stripHeader();
                FramingSpec.Endian order = spec.byteOrder() == null ? FramingSpec.Endian.BIG_ENDIAN : spec.byteOrder();
                yield new LengthFieldBasedFrameDecoder(order.order(), max, offset, len, adjust,
                        strip ? offset + len : 0, true);
            }
        };
    }
}
