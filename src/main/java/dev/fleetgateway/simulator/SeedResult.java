package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.Errno;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the seed script printed: {@code send %d bytes}, {@code recv %s bytes:} and the data, or its errno. */
@Schema(description = "Result of the SEED script")
public record SeedResult(@Schema(example = "12") int sent, @Schema(example = "10") int received,
        @Schema(description = "What recv returned, base64 like every read", example = "MDEyMzQ1Njc4OQ==") String data, @Schema(description = "Set when the script failed") Errno errno) {
}
