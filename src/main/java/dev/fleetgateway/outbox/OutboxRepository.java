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

    long countByModuleKeyAndStateIn(String moduleKey, java.util.Collection<OutboxState> states);

    long countByStateIn(java.util.Collection<OutboxState> states);

    @Query("select m.state from OutboxMessage m where m.id = :id")
    OutboxState findStateById(@Param("id") UUID id);

    @Query("select m from OutboxMessage m where m.moduleKey = :key and m.state = dev.fleetgateway.outbox.OutboxState.QUEUED "
            + "and m.expiresAt > :now order by m.createdAt, m.id")
    List<OutboxMessage> findDeliverable(@Param("key") String key, @Param("now") Instant now, Pageable limit);

    @Query("select distinct m.moduleKey from OutboxMessage m where m.state = dev.fleetgateway.outbox.OutboxState.QUEUED "
            + "and m.moduleKey > :after order by m.moduleKey")
    List<String> findQueuedKeysAfter(@Param("after") String after, Pageable limit);

    /** Takes a QUEUED, unexpired message for writing; cancel and expiry no longer touch it once this commits. */
    @Modifying
    @Query("update OutboxMessage m set m.state = dev.fleetgateway.outbox.OutboxState.SENDING, m.sessionId = :session, "
            + "m.claimedBy = :replica "
            + "where m.id = :id and m.state = dev.fleetgateway.outbox.OutboxState.QUEUED and m.expiresAt > :now")
    int claim(@Param("id") UUID id, @Param("session") String sessionId, @Param("replica") String replica,
            @Param("now") Instant now);

    /**
     * Whether another replica holds one of the module's messages SENDING: its bytes may be on their way over the
     * module's previous session, so nothing younger may overtake them.
     */
    @Query("select count(m) > 0 from OutboxMessage m where m.moduleKey = :key "
            + "and m.state = dev.fleetgateway.outbox.OutboxState.SENDING "
            + "and (m.claimedBy is null or m.claimedBy <> :replica)")
    boolean sendingElsewhere(@Param("key") String key, @Param("replica") String replica);

    @Modifying
    @Query("update OutboxMessage m set m.state = dev.fleetgateway.outbox.OutboxState.DELIVERED, m.deliveredAt = :at, "
            + "m.settledAt = :at, m.sessionId = :session, m.attempts = m.attempts + 1 "
            + "where m.id = :id and m.state = dev.fleetgateway.outbox.OutboxState.SENDING")
    int markDelivered(@Param("id") UUID id, @Param("session") String sessionId, @Param("at") Instant at);

    /** A SENDING message whose write failed goes back to QUEUED, counting the attempt when bytes may have gone. */
    @Modifying
    @Query("update OutboxMessage m set m.state = dev.fleetgateway.outbox.OutboxState.QUEUED, m.sessionId = null, "
            + "m.claimedBy = null, m.attempts = m.attempts + :attempt, m.lastError = :error "
            + "where m.id = :id and m.state = dev.fleetgateway.outbox.OutboxState.SENDING")
    int release(@Param("id") UUID id, @Param("attempt") int attempt, @Param("error") String error);

    /**
     * At start: writes of a previous run of this replica died with its process, and their messages wait again;
     * so do those of replicas without a current lease in the {@code replica} table (alone: all of them, the table
     * is empty). A live replica's claims are its own to settle.
     */
    @Modifying
    @Query(nativeQuery = true, value = "update outbox_message set state = 'QUEUED', session_id = null, claimed_by = null "
            + "where state = 'SENDING' and (claimed_by is null or claimed_by = :replica "
            + "or claimed_by not in (select r.id from replica r where r.lease_until > :now))")
    int releaseSending(@Param("replica") String replica, @Param("now") Instant now);

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
