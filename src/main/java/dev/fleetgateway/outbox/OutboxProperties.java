package dev.fleetgateway.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of outbox delivery (the API limits, per-module bound and TTLs, are in {@code gateway.api}).
 *
 * @param maxAttempts failed delivery attempts after which a message is FAILED
 * @param sweepInterval how often expired messages are marked and queued messages of online modules delivered
 * @param deliveryThreads threads delivering outboxes (each waits for one flush at a time)
 * @param deliveryQueue modules waiting for a delivery thread; beyond it the next sweep picks them up
 * @param deliveryChunk messages read from the database per step of one delivery run
 */
@ConfigurationProperties("gateway.outbox")
record OutboxProperties(
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("15s") Duration sweepInterval,
        @DefaultValue("4") int deliveryThreads,
        @DefaultValue("10000") int deliveryQueue,
        @DefaultValue("50") int deliveryChunk) {
}
