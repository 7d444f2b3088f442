package dev.fleetgateway.module;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface ModuleCredentialRepository extends JpaRepository<ModuleCredential, UUID> {

    List<ModuleCredential> findByModuleKeyOrderByCreatedAt(String moduleKey);

    Optional<ModuleCredential> findByIdAndModuleKey(UUID id, String moduleKey);

    long countByModuleKeyAndRevokedAtIsNull(String moduleKey);

    boolean existsByModuleKeyAndSecretSha256(String moduleKey, String secretSha256);

    // Last-used is a hint, not state: the update leaves everything else alone and never fails a hello.
    @Transactional
    @Modifying
    @Query("update ModuleCredential c set c.lastUsedAt = :at where c.id in :ids and "
            + "(c.lastUsedAt is null or c.lastUsedAt < :at)")
    int touchAll(@Param("ids") Collection<UUID> ids, @Param("at") Instant at);
}
