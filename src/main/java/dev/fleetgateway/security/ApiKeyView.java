package dev.fleetgateway.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key as listed: never its secret. */
public record ApiKeyView(UUID id, String name, List<String> roles, Instant createdAt, Instant expiresAt,
        Instant lastUsedAt, Instant revokedAt) {

    static ApiKeyView of(ApiKey k) {
        return new ApiKeyView(k.getId(), k.name(), k.roles().stream().map(Role::label).toList(), k.createdAt(),
                k.expiresAt(), k.lastUsedAt(), k.revokedAt());
    }
}
