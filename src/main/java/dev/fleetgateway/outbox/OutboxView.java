package dev.fleetgateway.outbox;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** A queued downlink as the API shows it (without its bytes: the size says how much it holds). */
public record OutboxView(
        @Schema(example = "6f1c2d3e-0000-4000-8000-00000000abcd") UUID messageId,
        @Schema(example = "866327040123456") String moduleKey,
        @Schema(example = "QUEUED") OutboxState state,
        @Schema(example = "12", description = "payload bytes") int size,
        Instant createdAt,
        Instant expiresAt,
        Instant deliveredAt,
        @Schema(description = "when it left QUEUED (delivered, expired, cancelled or failed)") Instant settledAt,
        @Schema(description = "session it was delivered over") String sessionId,
        @Schema(description = "delivery attempts so far") int attempts,
        @Schema(description = "error of the last failed attempt") String lastError) {

    static OutboxView of(OutboxMessage m) {
        return new OutboxView(m.getId(), m.getModuleKey(), m.getState(), m.getSize(), m.getCreatedAt(),
                m.getExpiresAt(), m.getDeliveredAt(), m.getSettledAt(), m.getSessionId(), m.getAttempts(),
                m.getLastError());
    }
}
