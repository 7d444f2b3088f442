package dev.fleetgateway.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.cluster.forward}: how REST calls for modules held by another replica are forwarded to it, and
 * how lists are gathered from every replica.
 *
 * @param maxInFlight     forwarded calls open at once on this replica (long-polls and streams included); beyond,
 *                        a 503 problem with Retry-After
 * @param connectTimeout  how long a connect to another replica's internal port may take before it counts as down
 * @param answerTimeout   how long the owner may take to answer a call beyond the call's own {@code timeout} or
 *                        {@code wait}
 * @param gatherTimeout   how long a list ({@code /sessions}, {@code /stats}) waits for each replica; one that
 *                        does not answer in time is named in the answer
 */
@ConfigurationProperties("gateway.cluster.forward")
public record ForwardProperties(
        @DefaultValue("1000") int maxInFlight,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("15s") Duration answerTimeout,
        @DefaultValue("3s") Duration gatherTimeout) {
}
