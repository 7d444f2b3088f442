package dev.fleetgateway.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox: its bounds, time-to-live and delivery, and batch sends.
 *
 * @param perModule most queued downlinks per module (429 beyond)
 * @param defaultTtl time-to-live of a queued downlink when none is given
 * @param maxTtl longest time-to-live allowed
 * @param maxBatch most modules in one batch send
 * @param maxAttempts failed delivery attempts after which a message is FAILED
 * @param sweepInterval how often expired messages are marked and queued messages of online modules delivered
 * @param deliveryThreads threads delivering outboxes (each waits for one flush at a time)
 * @param deliveryQueue modules waiting for a delivery thread; beyond it the next sweep picks them up
 * @param deliveryChunk messages read from the database per step of one delivery run
 */
@ConfigurationProperties("gateway.outbox")
public record OutboxProperties(
        @DefaultValue("100") int perModule,
        @DefaultValue("24h") Duration defaultTtl,
        @DefaultValue("30d") Duration maxTtl,
        @DefaultValue("1000") int maxBatch,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("15s") Duration sweepInterval,
        @DefaultValue("4") int deliveryThreads,
        @DefaultValue("10000") int deliveryQueue,
        @DefaultValue("50") int deliveryChunk) {
}
