package dev.fleetgateway.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** API keys by id and by hash. */
interface ApiKeyRepository extends JpaRepository<ApiKey, UUID> {

    Optional<ApiKey> findBySecretSha256(String secretSha256);

    List<ApiKey> findByRevokedAtIsNull();

    List<ApiKey> findByRevokedAtGreaterThanEqual(java.time.Instant since);

    List<ApiKey> findAllByOrderByCreatedAtAsc();

    long countByRevokedAtIsNull();
}
