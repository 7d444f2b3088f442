package dev.fleetgateway.bench.client;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The uplink frame of the benchmark: 50 bytes, {@code F<module:6>:<seq:12>:<padding>\n}. Carrying the module
 * index and a per-module sequence lets any reader prove that no frame was lost, doubled or reordered.
 */
public final class FrameFormat {

    public static final int LENGTH = 50;
    private static final int SEQ_AT = 8;
    private static final int SEQ_DIGITS = 12;

    private FrameFormat() {
    }

    /** The frame bytes including the trailing newline. */
    public static byte[] frame(int module, long seq) {
        StringBuilder sb = new StringBuilder(LENGTH);
        sb.append('F').append(pad(module, 6)).append(':').append(pad(seq, SEQ_DIGITS)).append(':');
        while (sb.length() < LENGTH - 1) {
            sb.append('x');
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the frame straight into {@code buf}: the generator must not be the bottleneck it measures. */
    public static void write(ByteBuf buf, int module, long seq) {
        buf.writeByte('F');
        digits(buf, module, 6);
        buf.writeByte(':');
        digits(buf, seq, SEQ_DIGITS);
        buf.writeByte(':');
        buf.writeBytes(PADDING);
        buf.writeByte('\n');
    }

    private static final byte[] PADDING = "x".repeat(LENGTH - 2 - SEQ_AT - SEQ_DIGITS).getBytes(StandardCharsets.US_ASCII);

    private static void digits(ByteBuf buf, long v, int n) {
        int at = buf.writerIndex();
        buf.writeZero(n);
        for (int i = n - 1; i >= 0; i--) {
            buf.setByte(at + i, (int) ('0' + v % 10));
            v /= 10;
        }
    }

    /** Module index of a frame without its newline, -1 when it is not a benchmark frame. */
    public static int moduleOf(String frame) {
        return isFrame(frame) ? Integer.parseInt(frame, 1, 7, 10) : -1;
    }

    /** Sequence of a frame without its newline, -1 when it is not a benchmark frame. */
    public static long sequenceOf(String frame) {
        return isFrame(frame) ? Long.parseLong(frame, SEQ_AT, SEQ_AT + SEQ_DIGITS, 10) : -1;
    }

    /** Sequence of a frame held in a buffer (newline stripped), -1 when it is not one; reads without copying. */
    public static long sequenceOf(ByteBuf line) {
        int at = line.readerIndex();
        if (line.readableBytes() < SEQ_AT + SEQ_DIGITS || line.getByte(at) != 'F') {
            return -1;
        }
        long seq = 0;
        for (int i = SEQ_AT; i < SEQ_AT + SEQ_DIGITS; i++) {
            seq = seq * 10 + (line.getByte(at + i) - '0');
        }
        return seq;
    }

    private static boolean isFrame(String frame) {
        return frame.length() >= SEQ_AT + SEQ_DIGITS && frame.charAt(0) == 'F';
    }

    private static String pad(long v, int digits) {
        String s = Long.toString(v);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }
}
