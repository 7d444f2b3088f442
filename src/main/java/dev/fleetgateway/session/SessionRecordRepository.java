package dev.fleetgateway.session;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface SessionRecordRepository extends JpaRepository<SessionRecord, String> {

    Page<SessionRecord> findByModuleKey(String moduleKey, Pageable pageable);

    long countByModuleKey(String moduleKey);
}
