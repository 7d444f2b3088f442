package dev.fleetgateway.outbox;

import java.time.Instant;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A downlink kept for a module until it is delivered, expires, is cancelled or fails too often. */
@Entity
@Table(name = "outbox_message")
class OutboxMessage {

    @Id
    private UUID id;

    @Column(name = "module_key", nullable = false, length = 64)
    private String moduleKey;

    @Column(name = "payload", nullable = false)
    private byte[] payload;

    @Column(name = "payload_size", nullable = false)
    private int size;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "state", nullable = false, length = 16)
    private OutboxState state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "settled_at")
    private Instant settledAt;

    @Column(name = "session_id", length = 36)
    private String sessionId;

    /** The replica whose delivery holds the message SENDING (a cluster releases a dead replica's claims). */
    @Column(name = "claimed_by", length = 64)
    private String claimedBy;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "last_error", length = 500)
    private String lastError;

    protected OutboxMessage() {
    }

    OutboxMessage(String moduleKey, byte[] payload, Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.moduleKey = moduleKey;
        this.payload = payload;
        this.size = payload.length;
        this.state = OutboxState.QUEUED;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    UUID getId() {
        return id;
    }

    String getModuleKey() {
        return moduleKey;
    }

    byte[] getPayload() {
        return payload;
    }

    int getSize() {
        return size;
    }

    OutboxState getState() {
        return state;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getExpiresAt() {
        return expiresAt;
    }

    Instant getDeliveredAt() {
        return deliveredAt;
    }

    Instant getSettledAt() {
        return settledAt;
    }

    String getSessionId() {
        return sessionId;
    }

    int getAttempts() {
        return attempts;
    }

    String getLastError() {
        return lastError;
    }
}
