package dev.fleetgateway.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * What happened to one downlink for one module: sent now over its session, written but still pending (not
 * flushed within the send timeout; never repeated), or queued in the outbox.
 *
 * @param sent bytes flushed (SENT)
 * @param sessionId session they went over (SENT, PENDING)
 * @param queued the outbox message (QUEUED)
 * @param pending bytes written and still waiting for the socket (PENDING)
 * @param pendingOutboundBytes all bytes waiting for the session's socket (PENDING)
 */
public record SendOutcome(Integer sent, String sessionId, OutboxView queued, Integer pending,
        Long pendingOutboundBytes) {

    public static SendOutcome sent(int bytes, String sessionId) {
        return new SendOutcome(bytes, sessionId, null, null, null);
    }

    public static SendOutcome queued(OutboxView message) {
        return new SendOutcome(null, null, message, null, null);
    }

    public static SendOutcome pending(int bytes, String sessionId, long pendingOutboundBytes) {
        return new SendOutcome(null, sessionId, null, bytes, pendingOutboundBytes);
    }

    public boolean isQueued() {
        return queued != null;
    }

    public boolean isPending() {
        return pending != null;
    }

    /** Body of a 202 answer: the message waits in the outbox. */
    public record Queued(UUID messageId,
            @io.swagger.v3.oas.annotations.media.Schema(requiredMode =
                    io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED) OutboxState state,
            Instant expiresAt) {
    }
}
