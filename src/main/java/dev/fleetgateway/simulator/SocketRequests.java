package dev.fleetgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.fleetgateway.system.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;

/** Bodies and answers of the hand-driven usocket verbs. */
public final class SocketRequests {

    private SocketRequests() {
    }

    /** How bytes are written in JSON. */
    public enum Encoding {
        TEXT, HEX, BASE64;

        static Encoding parse(String value) {
            if (value == null || value.isBlank()) {
                return TEXT;
            }
            try {
                return Encoding.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid("encoding", "must be text, hex or base64");
            }
        }

        byte[] decode(String data) {
            try {
                return switch (this) {
                    case TEXT -> data.getBytes(StandardCharsets.UTF_8);
                    case HEX -> HexFormat.of().parseHex(data.replace(" ", ""));
                    case BASE64 -> Base64.getDecoder().decode(data.strip());
                };
            } catch (IllegalArgumentException e) {
                throw invalid("data", "is not valid " + name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
            }
        }

        String encode(byte[] data) {
            return switch (this) {
                case TEXT -> new String(data, StandardCharsets.UTF_8);
                case HEX -> HexFormat.of().formatHex(data);
                case BASE64 -> Base64.getEncoder().encodeToString(data);
            };
        }
    }

    /** Body of {@code POST .../send}. */
    @Schema(description = "Bytes to send, like socket.send(data)")
    public record SendRequest(
            @Schema(description = "The bytes, written in the given encoding", example = "1234567890\r\n") String data,
            @Schema(description = "text (UTF-8), hex or base64", example = "text", defaultValue = "text") String encoding) {

        byte[] bytes(int max) {
            if (data == null) {
                throw invalid("data", "must not be null");
            }
            byte[] b = Encoding.parse(encoding).decode(data);
            if (b.length > max) {
                throw invalid("data", "must be at most " + max + " bytes");
            }
            return b;
        }
    }

    /** Answer of {@code send}: the byte count once flushed. */
    @Schema(description = "What socket.send returned")
    public record SendResult(@Schema(example = "12") int sent) {
    }

    /** Answer of {@code recv}. */
    @Schema(description = "What socket.recv returned; size 0 means the peer closed (b'')")
    public record RecvResult(@Schema(example = "10") int size, @Schema(example = "0123456789") String data,
            @Schema(example = "text") String encoding) {
    }

    /** Body of {@code POST .../settimeout}. */
    @Schema(description = "socket.settimeout(seconds): null blocks, 0 is non-blocking")
    public record TimeoutRequest(@Schema(example = "5.0") Double seconds) {
    }

    /** Body of {@code POST .../setblocking}. */
    @Schema(description = "socket.setblocking(flag)")
    public record BlockingRequest(@Schema(example = "false") Boolean blocking) {
    }

    static ApiProblem invalid(String field, String message) {
        return ApiProblem.badRequest("validation", "Validation failed", field + " " + message)
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }
}
