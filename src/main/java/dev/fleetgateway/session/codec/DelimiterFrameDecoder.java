package dev.fleetgateway.session.codec;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * DELIMITER framing that hands each frame on as a {@code byte[]} copied straight out of the cumulation.
 * Netty's {@code DelimiterBasedFrameDecoder} makes a retained slice per frame, which the session handler then
 * copied into its own array and released: a wrapper object, two atomic reference-count updates and a leak-check
 * per frame, the largest part of the event loops' time when modules stream small lines. Same rules as Netty's
 * decoder with {@code failFast}: a frame longer than the limit fails as soon as the limit is passed, and the
 * rest of it, up to the next delimiter, is thrown away. Empty frames (two delimiters in a row) are skipped,
 * as the session would skip them.
 */
final class DelimiterFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;
    private final boolean strip;
    private final byte[] delimiter;
    private boolean discarding;

    DelimiterFrameDecoder(int maxFrameLength, boolean strip, byte[] delimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("empty delimiter");
        }
        this.maxFrameLength = maxFrameLength;
        this.strip = strip;
        this.delimiter = delimiter.clone();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // All complete frames of this read in one call: fewer trips through ByteToMessageDecoder.
        while (in.isReadable()) {
            int end = indexOfDelimiter(in);
            if (end < 0) {
                int readable = in.readableBytes();
                if (discarding) {
                    in.skipBytes(readable);
                } else if (readable > maxFrameLength) {
                    in.skipBytes(readable);
                    discarding = true;
                    throw tooLong(readable);
                }
                return;
            }
            int length = end - in.readerIndex();
            if (discarding) {
                // The tail of a frame already reported as too long.
                discarding = false;
                in.skipBytes(length + delimiter.length);
                continue;
            }
            if (length > maxFrameLength) {
                in.skipBytes(length + delimiter.length);
                throw tooLong(length);
            }
            if (length == 0 && strip) {
                in.skipBytes(delimiter.length);
                continue;
            }
            byte[] frame = new byte[strip ? length : length + delimiter.length];
            in.readBytes(frame);
            if (strip) {
                in.skipBytes(delimiter.length);
            }
            out.add(frame);
        }
    }

    private TooLongFrameException tooLong(long length) {
        return new TooLongFrameException("frame length exceeds " + maxFrameLength + ": " + length + " - discarded");
    }

    // Absolute index of the first delimiter at or after the reader index, or -1.
    private int indexOfDelimiter(ByteBuf in) {
        int from = in.readerIndex();
        int to = in.writerIndex();
        byte first = delimiter[0];
        while (from < to) {
            int i = in.indexOf(from, to, first);
            if (i < 0 || i + delimiter.length > to) {
                return -1;
            }
            if (matchesRest(in, i)) {
                return i;
            }
            from = i + 1;
        }
        return -1;
    }

    private boolean matchesRest(ByteBuf in, int at) {
        for (int k = 1; k < delimiter.length; k++) {
            if (in.getByte(at + k) != delimiter[k]) {
                return false;
            }
        }
        return true;
    }
}
