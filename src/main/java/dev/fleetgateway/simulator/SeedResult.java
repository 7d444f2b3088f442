package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.Errno;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the seed script printed: {@code send %d bytes}, {@code recv %s bytes:} and the data, or its errno. */
@Schema(description = "Result of the SEED script")
public record SeedResult(@Schema(example = "12") int sent, @Schema(example = "10") int received,
        @Schema(example = "0123456789") String data, @Schema(description = "Set when the script failed") Errno errno) {
}
