package dev.fleetgateway.outbox;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/** The outcome of a batch send for one module. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchResult(
        @Schema(example = "866327040123456") String moduleKey,
        @Schema(example = "SENT") Status result,
        @Schema(example = "12", description = "bytes flushed (SENT), or written and still waiting for the module "
                + "to read (PENDING: not repeated, not queued)") Integer sent,
        @Schema(description = "outbox message (QUEUED)") UUID messageId,
        @Schema(description = "why it was not sent (OFFLINE, FAILED, UNKNOWN)") String error) {

    /** What happened for one module. */
    enum Status { SENT, PENDING, QUEUED, OFFLINE, FAILED, UNKNOWN }

    static BatchResult of(String key, SendOutcome o) {
        if (o.isPending()) {
            return new BatchResult(key, Status.PENDING, o.pending(), null, null);
        }
        return o.isQueued() ? new BatchResult(key, Status.QUEUED, null, o.queued().messageId(), null)
                : new BatchResult(key, Status.SENT, o.sent(), null, null);
    }

    static BatchResult failed(String key, Status outcome, String error) {
        return new BatchResult(key, outcome, null, null, error);
    }
}
