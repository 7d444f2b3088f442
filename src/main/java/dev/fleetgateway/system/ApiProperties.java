package dev.fleetgateway.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API.
 *
 * @param maxPayload largest payload of one send (413 beyond)
 * @param maxRecv largest {@code max} of one recv
 * @param maxWait longest timeout/wait of a blocking read
 * @param maxBatch most modules in one batch send
 * @param maxSubscribers most SSE subscribers at once (503 beyond)
 * @param subscriberQueue events queued per SSE subscriber before it is dropped as too slow
 * @param outboxPerModule most queued downlinks per module (429 beyond)
 * @param outboxDefaultTtl time-to-live of a queued downlink when none is given
 * @param outboxMaxTtl longest time-to-live allowed
 * @param streamHeartbeat interval of keep-alive comments on SSE streams
 */
@ConfigurationProperties("gateway.api")
public record ApiProperties(
        @DefaultValue("1MB") DataSize maxPayload,
        @DefaultValue("1MB") DataSize maxRecv,
        @DefaultValue("5m") Duration maxWait,
        @DefaultValue("1000") int maxBatch,
        @DefaultValue("1000") int maxSubscribers,
        @DefaultValue("1024") int subscriberQueue,
        @DefaultValue("100") int outboxPerModule,
        @DefaultValue("24h") Duration outboxDefaultTtl,
        @DefaultValue("30d") Duration outboxMaxTtl,
        @DefaultValue("15s") Duration streamHeartbeat) {
}
