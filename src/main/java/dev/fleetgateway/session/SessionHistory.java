package dev.fleetgateway.session;

import dev.fleetgateway.system.DatabaseWriter;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/**
 * Persists one history row per finished session, through the background writer; rows queued next to each
 * other are saved together in one transaction.
 */
@Component
class SessionHistory implements SessionListener {

    private final SessionRecordRepository repository;
    private final DatabaseWriter writer;
    private final Consumer<List<SessionRecord>> save;

    SessionHistory(SessionRecordRepository repository, DatabaseWriter writer) {
        this.repository = repository;
        this.writer = writer;
        this.save = repository::saveAll;
    }

    @Override
    public void onClosed(SessionEvents.Closed event) {
        SessionRecord record = SessionRecord.of(event.session());
        writer.offer(record, save);
    }

    Optional<SessionRecord> find(String id) {
        return repository.findById(id);
    }

    Page<SessionRecord> forModule(String key, Pageable pageable) {
        return repository.findByModuleKey(key, pageable);
    }
}
