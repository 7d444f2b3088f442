package dev.fleetgateway.module;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ModuleRepository extends JpaRepository<FleetModule, UUID>, JpaSpecificationExecutor<FleetModule> {

    Optional<FleetModule> findByModuleKey(String moduleKey);

    boolean existsByModuleKey(String moduleKey);

    /** Every registered key. */
    @Query("select m.moduleKey from FleetModule m")
    List<String> findAllKeys();

    /** Which of these keys are registered. */
    @Query("select m.moduleKey from FleetModule m where m.moduleKey in :keys")
    List<String> findKnownKeys(@Param("keys") Collection<String> keys);

    // Bulk updates leave the version alone, like any last-seen refresh: a rename racing with a session must
    // not fail with an optimistic-locking conflict over a timestamp.
    @Modifying
    @Query("update FleetModule m set m.lastSeenAt = :at where m.moduleKey in :keys")
    int touchAll(@Param("keys") Collection<String> keys, @Param("at") Instant at);

    @Modifying
    @Query("update FleetModule m set m.lastSeenAt = :at, m.kind = :kind where m.moduleKey in :keys")
    int touchAllAs(@Param("keys") Collection<String> keys, @Param("kind") ModuleKind kind, @Param("at") Instant at);
}
