package dev.fleetgateway.module;

import java.time.Instant;
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

    @Modifying
    @Query("update FleetModule m set m.lastSeenAt = :at where m.moduleKey = :key")
    int touch(@Param("key") String key, @Param("at") Instant at);
}
