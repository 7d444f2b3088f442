package dev.fleetgateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * REST API security ({@code gateway.security}).
 *
 * @param bootstrapKey an admin key with every role, from configuration (a Kubernetes Secret); when empty and no
 *                     admin key exists, one is generated at start and printed once
 * @param maxKeys      how many live keys may exist, so that the in-memory key table stays bounded
 * @param lastUsedFlush how often the last-used times of keys are written to the database
 * @param refresh      how often the in-memory key table is reloaded, so that keys created or revoked on another
 *                     replica apply here too
 * @param rateLimit    the per-key request quota
 * @param jwt          the optional OAuth2 resource server (on when {@code spring.security.oauth2.resourceserver.jwt.*}
 *                     configures a decoder)
 */
@ConfigurationProperties("gateway.security")
public record SecurityProperties(
        String bootstrapKey,
        @DefaultValue("1000") int maxKeys,
        @DefaultValue("10s") Duration lastUsedFlush,
        @DefaultValue("10s") Duration refresh,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Jwt jwt) {

    /**
     * A token bucket per key: {@code requests-per-second} refill, up to {@code burst} at once.
     *
     * @param tracked how many keys' buckets are kept (least recently used dropped first)
     */
    public record RateLimit(
            @DefaultValue("200") int requestsPerSecond,
            @DefaultValue("400") int burst,
            @DefaultValue("10000") int tracked) {
    }

    /**
     * Roles of a JWT.
     *
     * @param rolesClaim the claim holding role names (a list or a space-separated string)
     */
    public record Jwt(@DefaultValue("roles") String rolesClaim) {
    }
}
