package dev.fleetgateway.outbox;

import java.time.Instant;
import java.util.UUID;

/**
 * What happened to one downlink for one module: sent now over its session, or queued in the outbox.
 *
 * @param sent bytes flushed (SENT)
 * @param sessionId session they went over (SENT)
 * @param queued the outbox message (QUEUED)
 */
public record SendOutcome(Integer sent, String sessionId, OutboxView queued) {

    public static SendOutcome sent(int bytes, String sessionId) {
        return new SendOutcome(bytes, sessionId, null);
    }

    public static SendOutcome queued(OutboxView message) {
        return new SendOutcome(null, null, message);
    }

    public boolean isQueued() {
        return queued != null;
    }

    /** Body of a 202 answer: the message waits in the outbox. */
    public record Queued(UUID messageId, OutboxState state, Instant expiresAt) {
    }
}
