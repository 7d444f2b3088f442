package dev.fleetgateway.session.codec;


import java.nio.ByteOrder;
import java.util.HexFormat;

import org.springframework.util.unit.DataSize;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How a byte stream is cut into frames: {@code RAW} chunks as they arrive (what {@code recv(1024)} sees),
 * {@code DELIMITER}, {@code FIXED} or {@code LENGTH_FIELD}. A max frame size always applies.
 */
@Schema(description = "Framing of a module byte stream")
public record FramingSpec(
        @Schema(example = "DELIMITER") Mode mode,
        @Schema(description = "Text delimiter with escapes \\r \\n \\t, or hex when prefixed with 0x (e.g. 0x7E)",
                example = "\\r\\n") String delimiter,
        @Schema(description = "Strip the delimiter from frames") Boolean stripDelimiter,
        @Schema(description = "Frame length for FIXED") Integer fixedLength,
        @Schema(description = "Length field size in bytes: 1, 2 or 4") Integer lengthFieldLength,
        @Schema(description = "Offset of the length field") Integer lengthFieldOffset,
        @Schema(description = "Added to the length field value to get the bytes that follow it") Integer lengthAdjustment,
        @Schema(description = "BIG_ENDIAN or LITTLE_ENDIAN") Endian byteOrder,
        @Schema(description = "Strip the header (offset + length field) from frames") Boolean stripHeader,
        @Schema(description = "Largest frame accepted; a larger one closes the session with FRAME_TOO_LARGE",
                example = "64KB") DataSize maxFrameSize) {

    /** Framing modes. */
    public enum Mode { RAW, DELIMITER, FIXED, LENGTH_FIELD }

    /** Byte order of a length field. */
    public enum Endian {
        BIG_ENDIAN, LITTLE_ENDIAN;

        public ByteOrder order() {
            return this == BIG_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }
    }

    /** Largest max frame size anyone may configure. */
    public static final int MAX_FRAME_LIMIT = 16 * 1024 * 1024;

    public static FramingSpec raw() {
        return new FramingSpec(Mode.RAW, null, null, null, null, null, null, null, null, null);
    }

    public static FramingSpec lines() {
        return new FramingSpec(Mode.DELIMITER, "\\n", true, null, null, null, null, null, null, null);
    }

    public Mode modeOrDefault() {
        return mode == null ? Mode.RAW : mode;
    }

    public int maxFrameBytes() {
        return maxFrameSize == null ? 64 * 1024 : (int) Math.min(maxFrameSize.toBytes(), MAX_FRAME_LIMIT);
    }

    public boolean strip() {
        return stripDelimiter == null || stripDelimiter;
    }

    /** The delimiter as bytes: {@code 0x7E} style hex, or text with {@code \r \n \t \\} escapes. */
    public byte[] delimiterBytes() {
        String d = delimiter == null || delimiter.isEmpty() ? "\\n" : delimiter;
        if (d.startsWith("0x") || d.startsWith("0X")) {
            return HexFormat.of().parseHex(d.substring(2));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == '\\' && i + 1 < d.length()) {
                char n = d.charAt(++i);
                out.append(switch (n) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '0' -> '\0';
                    default -> n;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Checks the combination of fields; returns an error message or null when valid. */
    public String validate() {
        int max = maxFrameSize == null ? 1 : (int) Math.min(maxFrameSize.toBytes(), Integer.MAX_VALUE);
        if (maxFrameSize != null && (max < 1 || maxFrameSize.toBytes() > MAX_FRAME_LIMIT)) {
            return "maxFrameSize must be between 1 byte and 16MB";
        }
        switch (modeOrDefault()) {
            case DELIMITER -> {
                try {
                    if (delimiterBytes().length == 0 || delimiterBytes().length > 16) {
                        return "delimiter must be 1-16 bytes";
                    }
                } catch (IllegalArgumentException e) {
                    return "delimiter is not valid hex: " + delimiter;
                }
            }
            case FIXED -> {
                if (fixedLength == null || fixedLength < 1 || fixedLength > maxFrameBytes()) {
                    return "fixedLength must be between 1 and maxFrameSize";
                }
            }
            case LENGTH_FIELD -> {
                int len = lengthFieldLength == null ? 2 : lengthFieldLength;
                if (len != 1 && len != 2 && len != 4) {
                    return "lengthFieldLength must be 1, 2 or 4";
                }
                if (lengthFieldOffset != null && (lengthFieldOffset < 0 || lengthFieldOffset > 64)) {
                    return "lengthFieldOffset must be between 0 and 64";
                }
            }
            case RAW -> {
            }
        }
        return null;
    }
}
