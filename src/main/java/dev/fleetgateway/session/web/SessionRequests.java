package dev.fleetgateway.session.web;

import dev.fleetgateway.session.DialSpec;

import dev.fleetgateway.session.codec.FramingSpec;

import java.time.Duration;

import dev.fleetgateway.system.DurationRange;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and response bodies of the session API. */
final class SessionRequests {

    private SessionRequests() {
    }

    /** Opens an outbound session. */
    record Open(
            @Schema(example = "127.0.0.1") @NotBlank @Size(max = 253) String host,
            @Schema(example = "34187") @NotNull @Min(1) @Max(65535) Integer port,
            @Schema(example = "866327040123456") @Pattern(regexp = "[0-9A-Za-z_.:-]{1,64}") String moduleKey,
            @Valid FramingSpec framing,
            @Schema(example = "5s", type = "string", description = "100ms to 5m; default gateway.modules.connect-timeout")
            @DurationRange(min = "100ms", max = "5m") Duration connectTimeout,
            @Schema(description = "Redial after a failure or a drop: delays 100ms-1h, multiplier 1-10, jitter 0-1, "
                    + "maxAttempts 0 (forever) to 1,000,000") @Valid DialSpec.ReconnectPolicy reconnect,
            @Schema(description = "Take moduleKey from a live session of that module (it is closed as REPLACED); "
                    + "without it such a dial is a 409") Boolean replace) {

        /** Whether the caller asks to take the key of a live module. */
        boolean replacing() {
            return Boolean.TRUE.equals(replace);
        }
    }

    /** JSON form of a send. */
    record Send(
            @Schema(example = "0123456789") String data,
            @Schema(example = "text", allowableValues = {"text", "hex", "base64"}) String encoding) {
    }

    /** Acknowledges frames up to a sequence number. */
    record Ack(@Schema(example = "42") @NotNull @Min(0) Long upTo) {
    }

    /**
     * A cursor read. Ask again with {@code after=nextAfter}; frames before {@code firstSeq} are gone
     * (acknowledged, or dropped under drop-oldest), {@code gap} says some you had not seen were.
     */
    record Messages(String sessionId, java.util.List<FrameView> messages, String encoding, long nextAfter,
            long lastSeq, long firstSeq, boolean gap, boolean eof) {
    }

    /** Result of an acknowledgement. */
    record Acked(int freed, long bufferedBytes, int bufferedFrames) {
    }
}
