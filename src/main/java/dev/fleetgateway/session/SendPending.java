package dev.fleetgateway.session;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a send reports when its bytes were written to the session but not flushed within the send timeout: they
 * are not withdrawn and reach the module when it reads again (or are lost with the session), so the caller must
 * not send them again.
 */
public record SendPending(
        @Schema(example = "PENDING", allowableValues = "PENDING", requiredMode = Schema.RequiredMode.REQUIRED)
        String state,
        @Schema(example = "12", description = "bytes of this send still waiting for the socket") int pending,
        String sessionId,
        @Schema(example = "262144", description = "all bytes waiting for this session's socket")
        long pendingOutboundBytes) {

    public static SendPending of(int bytes, ModuleSession session) {
        return new SendPending("PENDING", bytes, session.id(), session.pendingOutboundBytes());
    }
}
