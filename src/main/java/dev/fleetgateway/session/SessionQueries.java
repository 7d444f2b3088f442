package dev.fleetgateway.session;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.fleetgateway.module.CurrentSessionLookup;
import dev.fleetgateway.system.FleetException;

/** Read side of sessions: the live table first, then the history for sessions that left it. */
@Service
public class SessionQueries implements CurrentSessionLookup {

    private final SessionRegistry registry;
    private final SessionHistory history;

    SessionQueries(SessionRegistry registry, SessionHistory history) {
        this.registry = registry;
        this.history = history;
    }

    /** Sessions in the live table, newest first; by module key through the key index, not a scan of all. */
    public List<SessionView> list(SessionState state, Direction direction, String moduleKey) {
        Predicate<ModuleSession> f = s -> (state == null || s.state() == state)
                && (direction == null || s.direction() == direction);
        List<ModuleSession> sessions = moduleKey == null ? registry.list(f) : registry.listByModuleKey(moduleKey, f);
        return sessions.stream().map(SessionView::of).toList();
    }

    public SessionView get(String id) {
        Optional<ModuleSession> live = registry.find(id);
        if (live.isPresent()) {
            return SessionView.of(live.get());
        }
        return history.find(id).map(SessionView::of).orElseThrow(() -> sessionNotFound(id));
    }

    /** A module's finished sessions from the history table, a page at a time. */
    public org.springframework.data.domain.Page<SessionView> history(String moduleKey,
            org.springframework.data.domain.Pageable pageable) {
        return history.forModule(moduleKey, pageable).map(SessionView::of);
    }

    /** A live (or recently closed) session by id, for the verbs that act on it. */
    public ModuleSession require(String id) {
        return registry.find(id).orElseThrow(() -> sessionNotFound(id));
    }

    public static FleetException sessionNotFound(String id) {
        return new FleetException(FleetException.Kind.NOT_FOUND, "session-not-found",
                "Session not found", "No session has id '" + id + "'");
    }

    @Override
    public Optional<Object> currentSession(String moduleKey) {
        return registry.findByModuleKey(moduleKey).map(SessionView::of);
    }
}
