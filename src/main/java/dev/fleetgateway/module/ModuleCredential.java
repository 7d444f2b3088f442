package dev.fleetgateway.module;

import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import dev.fleetgateway.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A secret a module proves in its hello, stored only as the SHA-256 of the token. */
@Entity
@Table(name = "module_credential")
class ModuleCredential extends AssignedIdEntity<UUID> {

    /** Where the secret came from. */
    enum Origin { GENERATED, PROVISIONED }

    @Id
    private UUID id;

    @Column(name = "module_key", nullable = false, length = 64)
    private String moduleKey;

    @Column(name = "secret_sha256", nullable = false, length = 64)
    private String secretSha256;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "origin", nullable = false, length = 16)
    private Origin origin;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ModuleCredential() {
    }

    ModuleCredential(String moduleKey, String secretSha256, Origin origin, Instant now) {
        this.id = UUID.randomUUID();
        this.moduleKey = moduleKey;
        this.secretSha256 = secretSha256;
        this.origin = origin;
        this.createdAt = now;
    }

    @Override
    public UUID getId() {
        return id;
    }

    String moduleKey() {
        return moduleKey;
    }

    String secretSha256() {
        return secretSha256;
    }

    Origin origin() {
        return origin;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    boolean revoked() {
        return revokedAt != null;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
