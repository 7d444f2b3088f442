package dev.fleetgateway.session;

import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/** Persists one history row per finished session, through the background writer. */
@Component
class SessionHistory {

    private final SessionRecordRepository repository;
    private final BackgroundWriter writer;

    SessionHistory(SessionRecordRepository repository, BackgroundWriter writer) {
        this.repository = repository;
        this.writer = writer;
    }

    @EventListener
    void onClosed(SessionEvents.Closed event) {
        SessionRecord record = SessionRecord.of(event.session());
        writer.offer(() -> repository.save(record));
    }

    Optional<SessionRecord> find(String id) {
        return repository.findById(id);
    }

    Page<SessionRecord> forModule(String key, Pageable pageable) {
        return repository.findByModuleKey(key, pageable);
    }
}
