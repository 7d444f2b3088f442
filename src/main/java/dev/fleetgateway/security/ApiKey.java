package dev.fleetgateway.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.fleetgateway.system.AssignedIdEntity;

/** A REST API key, stored only as the SHA-256 of its token. */
@Entity
@Table(name = "api_key")
class ApiKey extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(name = "name", nullable = false, length = 64)
    private String name;

    @Column(name = "secret_sha256", nullable = false, length = 64)
    private String secretSha256;

    @Column(name = "roles", nullable = false, length = 128)
    private String roles;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {
    }

    ApiKey(String name, String secretSha256, Set<Role> roles, Instant now, Instant expiresAt) {
        this(UUID.randomUUID(), name, secretSha256, roles, now, expiresAt);
    }

    ApiKey(UUID id, String name, String secretSha256, Set<Role> roles, Instant now, Instant expiresAt) {
        this.id = id;
        this.name = name;
        this.secretSha256 = secretSha256;
        this.roles = roles.stream().sorted().map(Role::label).collect(Collectors.joining(","));
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    @Override
    public UUID getId() {
        return id;
    }

    String name() {
        return name;
    }

    String secretSha256() {
        return secretSha256;
    }

    Set<Role> roles() {
        Set<Role> set = EnumSet.noneOf(Role.class);
        Arrays.stream(roles.split(",")).map(Role::parse).forEach(r -> r.ifPresent(set::add));
        return set;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    void revoke(Instant now) {
        revokedAt = now;
    }

    void usedAt(Instant when) {
        if (lastUsedAt == null || when.isAfter(lastUsedAt)) {
            lastUsedAt = when;
        }
    }
}
