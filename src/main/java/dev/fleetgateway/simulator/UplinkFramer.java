package dev.fleetgateway.simulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.fleetgateway.session.codec.FramingSpec;

/**
 * Frames the messages a profile sends (telemetry, replies) the way the server's decoder expects: a delimiter
 * appended, or a length field in front. Echo and hand-driven sends go out unframed, byte for byte.
 */
final class UplinkFramer {

    private final FramingSpec spec;
    private final byte[] delimiter;

    UplinkFramer(FramingSpec spec) {
        this.spec = spec;
        this.delimiter = spec.modeOrDefault() == FramingSpec.Mode.DELIMITER ? spec.delimiterBytes() : null;
    }

    byte[] frame(String message) {
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        return switch (spec.modeOrDefault()) {
            case RAW, FIXED -> payload;
            case DELIMITER -> {
                byte[] out = new byte[payload.length + delimiter.length];
                System.arraycopy(payload, 0, out, 0, payload.length);
                System.arraycopy(delimiter, 0, out, payload.length, delimiter.length);
                yield out;
            }
            case LENGTH_FIELD -> lengthPrefixed(payload);
        };
    }

    private byte[] lengthPrefixed(byte[] payload) {
        int fieldLength = spec.lengthFieldLength() == null ? 2 : spec.lengthFieldLength();
        int offset = spec.lengthFieldOffset() == null ? 0 : spec.lengthFieldOffset();
        int adjustment = spec.lengthAdjustment() == null ? 0 : spec.lengthAdjustment();
        long value = (long) payload.length - adjustment;
        ByteBuffer out = ByteBuffer.allocate(offset + fieldLength + payload.length)
                .order(spec.byteOrder() == null ? FramingSpec.Endian.BIG_ENDIAN.order() : spec.byteOrder().order());
        out.position(offset); // header bytes before the length field stay zero
        switch (fieldLength) {
            case 1 -> out.put((byte) value);
            case 2 -> out.putShort((short) value);
            default -> out.putInt((int) value);
        }
        out.put(payload);
        return out.array();
    }
}
