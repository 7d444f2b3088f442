package dev.fleetgateway.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Outbox rows. State changes are conditional updates ({@code where state = QUEUED}) so that delivery,
 * expiry and cancellation never overwrite each other's terminal state.
 */
interface OutboxRepository extends JpaRepository<OutboxMessage, UUID> {

    Page<OutboxMessage> findByModuleKey(String moduleKey, Pageable pageable);

    Page<OutboxMessage> findByModuleKeyAndState(String moduleKey, OutboxState state, Pageable pageable);

    long countByModuleKeyAndState(String moduleKey, OutboxState state);

    long countByState(OutboxState state);

    @Query("select m from OutboxMessage m where m.moduleKey = :key and m.state = dev.fleetgateway.outbox.OutboxState.QUEUED "
            + "and m.expiresAt > :now order by m.createdAt, m.id")
    List<OutboxMessage> findDeliverable(@Param("key") String key, @Param("now") Instant now, Pageable limit);

    @Query("select distinct m.moduleKey from OutboxMessage m where m.state = dev.fleetgateway.outbox.OutboxState.QUEUED "
            + "and m.moduleKey > :after order by m.moduleKey")
    List<String> findQueuedKeysAfter(@Param("after") String after, Pageable limit);

    @Modifying
    @Query("update OutboxMessage m set m.state = dev.fleetgateway.outbox.OutboxState.DELIVERED, m.deliveredAt = :at, "
            + "m.settledAt = :at, m.sessionId = :session, m.attempts = m.attempts + 1 "
            + "where m.id = :id and m.state = dev.fleetgateway.outbox.OutboxState.QUEUED")
    int markDelivered(@Param("id") UUID id, @Param("session") String sessionId, @Param("at") Instant at);

    @Modifying
    @Query("update OutboxMessage m set m.attempts = m.attempts + 1, m.lastError = :error "
            + "where m.id = :id and m.state = dev.fleetgateway.outbox.OutboxState.QUEUED")
    int recordFailure(@Param("id") UUID id, @Param("error") String error);

    @Modifying
    @Query("update OutboxMessage m set m.state = dev.fleetgateway.outbox.OutboxState.FAILED, m.settledAt = :at "
            + "where m.id = :id and m.state = dev.fleetgateway.outbox.OutboxState.QUEUED and m.attempts >= :max")
    int failIfExhausted(@Param("id") UUID id, @Param("max") int maxAttempts, @Param("at") Instant at);

    @Modifying
    @Query("update OutboxMessage m set m.state = dev.fleetgateway.outbox.OutboxState.CANCELLED, m.settledAt = :at "
            + "where m.id = :id and m.state = dev.fleetgateway.outbox.OutboxState.QUEUED")
    int cancel(@Param("id") UUID id, @Param("at") Instant at);

    @Modifying
    @Query("update OutboxMessage m set m.state = dev.fleetgateway.outbox.OutboxState.EXPIRED, m.settledAt = :now "
            + "where m.state = dev.fleetgateway.outbox.OutboxState.QUEUED and m.expiresAt <= :now")
    int expireDue(@Param("now") Instant now);
}
