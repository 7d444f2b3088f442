package dev.fleetgateway.system;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;


/** Bytes in JSON: the {@code text} (UTF-8), {@code hex} and {@code base64} encodings of the API. */
public final class Payloads {

    /** How bytes are written in a JSON string. */
    public enum Encoding {
        TEXT, HEX, BASE64;

        /** Parses an encoding name, case-insensitively; a 400 problem for anything else. */
        public static Encoding parse(String name, Encoding fallback) {
            if (name == null || name.isBlank()) {
                return fallback;
            }
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw FleetException.invalid("bad-encoding", "Unknown encoding",
                        "encoding must be text, hex or base64, got '" + name + "'");
            }
        }
    }

    private Payloads() {
    }

    /** Decodes API data to bytes: 400 for bad hex/base64, 413 when larger than {@code maxBytes}. */
    public static byte[] decode(String data, Encoding encoding, long maxBytes) {
        if (data == null) {
            throw FleetException.invalid("validation", "Validation failed", "data is required")
                    .with("errors", java.util.List.of(java.util.Map.of("field", "data", "message", "must not be null")));
        }
        byte[] bytes = switch (encoding) {
            case TEXT -> data.getBytes(StandardCharsets.UTF_8);
            case HEX -> {
                String h = data.replace(" ", "").replace(":", "");
                if (h.startsWith("0x") || h.startsWith("0X")) {
                    h = h.substring(2);
                }
                try {
                    yield HexFormat.of().parseHex(h);
                } catch (IllegalArgumentException e) {
                    throw FleetException.invalid("bad-payload", "Invalid hex data",
                            "data is not valid hex: it needs an even number of [0-9a-fA-F] digits");
                }
            }
            case BASE64 -> {
                try {
                    yield Base64.getDecoder().decode(data.trim());
                } catch (IllegalArgumentException e) {
                    throw FleetException.invalid("bad-payload", "Invalid base64 data",
                            "data is not valid base64: " + e.getMessage());
                }
            }
        };
        checkSize(bytes.length, maxBytes);
        return bytes;
    }

    /** 413 problem when a payload exceeds the limit. */
    public static void checkSize(long length, long maxBytes) {
        if (length > maxBytes) {
            throw new FleetException(FleetException.Kind.TOO_LARGE, "payload-too-large", "Payload too large",
                    "The payload has " + length + " bytes; the limit is " + maxBytes + " (gateway.api.max-payload)");
        }
    }

    /** Encodes bytes for JSON; TEXT fails over to nothing: callers check {@link #isUtf8} first. */
    public static String encode(byte[] data, Encoding encoding) {
        return switch (encoding) {
            case TEXT -> new String(data, StandardCharsets.UTF_8);
            case HEX -> HexFormat.of().formatHex(data);
            case BASE64 -> Base64.getEncoder().encodeToString(data);
        };
    }

    /** Whether bytes are valid UTF-8 (so the text encoding is lossless). */
    public static boolean isUtf8(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(data));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
