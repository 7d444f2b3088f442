package dev.fleetgateway.cluster;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.fleetgateway.outbox.OutboxEvents;
import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionEvents;
import dev.fleetgateway.session.SessionListener;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.DatabaseWriter;

/**
 * Writes what this replica's sessions do to the shared database, off the event loops: presence rows when a
 * session identifies and closes, and the notifications other replicas act on (presence, lifecycle events, queued
 * downlinks). Everything goes through the {@link DatabaseWriter} queue as items of one sink, so a burst of
 * hellos becomes a few transactions; each transaction's notifications go out when it commits, so a replica that
 * hears of a presence finds the row written.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class PresenceWrites implements SessionListener {

    private static final String UPSERT = "insert into module_presence (module_key, session_id, replica_id, since) "
            + "values (?, ?, ?, ?) on conflict (module_key) do update set session_id = excluded.session_id, "
            + "replica_id = excluded.replica_id, since = excluded.since";
    private static final String DELETE = "delete from module_presence where module_key = ? and session_id = ?";
    // A resync writes missing rows and refreshes this replica's own, never a row another replica holds (that
    // module moved there; writing over it would make the other replica close the live session).
    private static final String RESYNC = "insert into module_presence (module_key, session_id, replica_id, since) "
            + "values (?, ?, ?, ?) on conflict (module_key) do update set session_id = excluded.session_id, "
            + "since = excluded.since where module_presence.replica_id = excluded.replica_id";
    private static final int RESYNC_BATCH = 500;
    private static final String OWN_ROWS = "select module_key, session_id from module_presence where replica_id = ?";
    // Only this replica's row, and only while it still names that session (a newer session may have taken it).
    private static final String DELETE_OWN = "delete from module_presence where module_key = ? and session_id = ? "
            + "and replica_id = ?";

    /** What a resync did: presence rows written again, and rows of sessions no longer open here removed. */
    record Resynced(int written, int removed) {
        static final Resynced NONE = new Resynced(0, 0);
    }

    /** One write: a presence row (and its signal), the removal of one, or a signal alone. */
    sealed interface Op permits Upsert, Remove, Notice, Reassert {
    }

    record Upsert(String key, String sessionId, Direction direction, Instant since) implements Op {
    }

    record Remove(String key, String sessionId) implements Op {
    }

    record Notice(String payload) implements Op {
    }

    /** A session here kept its key against a later writer elsewhere, whose upsert overwrote the row: write it again. */
    record Reassert(String key, String sessionId) implements Op {
    }

    private final ClusterDatabase db;
    private final DatabaseWriter writer;
    private final SessionRegistry sessions;
    private final String self;
    private final ClusterMetrics metrics;
    private final Consumer<List<Op>> sink = this::write;
    /** Set by a test standing in for a crash: nothing more reaches the database. */
    private volatile boolean silenced;
    /** A presence write was dropped because the writer's queue was full: the next lease tick resyncs. */
    private final AtomicBoolean lost = new AtomicBoolean();

    PresenceWrites(ClusterDatabase db, DatabaseWriter writer, SessionRegistry sessions, ReplicaIdentity identity,
            ClusterMetrics metrics) {
        this.db = db;
        this.writer = writer;
        this.sessions = sessions;
        this.self = identity.id();
        this.metrics = metrics;
    }

    @Override
    public void onOpened(SessionEvents.Opened e) {
        ModuleSession s = e.session();
        offer(new Notice(Signal.event(self, "opened", s.id(), s.moduleKey(), s.direction(), null, null,
                Instant.now())));
    }

    @Override
    public void onIdentified(SessionEvents.Identified e) {
        offer(new Upsert(e.moduleKey(), e.session().id(), e.session().direction(), Instant.now()));
    }

    @Override
    public void onClosed(SessionEvents.Closed e) {
        ModuleSession s = e.session();
        if (s.moduleKey() != null) {
            offer(new Remove(s.moduleKey(), s.id()));
        }
        offer(new Notice(Signal.event(self, "closed", s.id(), s.moduleKey(), s.direction(), e.reason(),
                e.errnoCode(), Instant.now())));
    }

    /** A message was queued here for a module not held here: whoever holds it delivers at once. */
    @EventListener
    void onQueuedOffline(OutboxEvents.QueuedOffline e) {
        offer(new Notice(Signal.queued(e.moduleKey(), self)));
    }

    /** Writes the presence of every identified open session again (the replica's rows were lost with its lease). */
    void reannounce() {
        for (ModuleSession s : sessions.list(m -> m.isOpen() && m.moduleKey() != null)) {
            offer(new Upsert(s.moduleKey(), s.id(), s.direction(), Instant.now()));
        }
    }

    /**
     * Writes the presence row of a session here again: under duplicate policy REJECT it held its key first, and
     * the losing replica's upsert overwrote the row. If the session closed meanwhile, its removal may have found
     * the row overwritten and deleted nothing, so every replica is told it is gone instead.
     */
    void reassert(String key, String sessionId) {
        offer(new Reassert(key, sessionId));
    }

    /** Runs a task after every write queued so far (the writer keeps order); false when the writer refused it. */
    boolean after(Runnable task) {
        return writer.tryOffer(task);
    }

    void silence() {
        silenced = true;
    }

    boolean silenced() {
        return silenced;
    }

    private void offer(Op op) {
        if (!silenced && !writer.offer(op, sink) && !(op instanceof Notice)) {
            lost.set(true);
        }
    }

    /**
     * After the writer's queue dropped presence writes (a connect or disconnect storm larger than its capacity),
     * or a presence write failed, puts this replica's rows right, directly on the calling (lease) thread in
     * batches, with their signals: rows of its own whose session is no longer open here (a dropped removal) are
     * deleted, and the presence of every identified open session is written again. Rows of other replicas are
     * never touched.
     */
    Resynced resyncIfLost() {
        if (silenced || !lost.getAndSet(false)) {
            return Resynced.NONE;
        }
        // Rows first, sessions after: a row read here was written for a session that identified before, so if
        // that session is still open it is in the list taken next; a row whose session is not there is stale.
        List<String[]> rows = db.jdbc().query(OWN_ROWS, (r, i) -> new String[] {r.getString(1), r.getString(2)},
                self);
        List<ModuleSession> open = sessions.list(m -> m.isOpen() && m.moduleKey() != null);
        Set<String> openIds = new HashSet<>();
        open.forEach(m -> openIds.add(m.id()));
        List<String[]> stale = rows.stream().filter(r -> !openIds.contains(r[1])).toList();
        int removed = 0;
        for (int from = 0; from < stale.size(); from += RESYNC_BATCH) {
            removed += removeStale(stale.subList(from, Math.min(stale.size(), from + RESYNC_BATCH)));
        }
        int written = 0;
        for (int from = 0; from < open.size(); from += RESYNC_BATCH) {
            written += rewrite(open.subList(from, Math.min(open.size(), from + RESYNC_BATCH)));
        }
        metrics.resynced(written, removed);
        return new Resynced(written, removed);
    }

    private int removeStale(List<String[]> batch) {
        Integer n = db.tx().execute(status -> {
            List<Object[]> args = new ArrayList<>(batch.size());
            batch.forEach(r -> args.add(new Object[] {r[0], r[1], self}));
            int[] counts = db.jdbc().batchUpdate(DELETE_OWN, args);
            List<String> signals = new ArrayList<>();
            for (int j = 0; j < batch.size(); j++) {
                // 0: the removal was written meanwhile after all, or a newer session holds the key now.
                if (j >= counts.length || counts[j] != 0) {
                    signals.add(Signal.removed(batch.get(j)[0], batch.get(j)[1], self));
                }
            }
            db.notify(signals);
            return signals.size();
        });
        return n == null ? 0 : n;
    }

    private int rewrite(List<ModuleSession> batch) {
        Instant now = Instant.now();
        Integer n = db.tx().execute(status -> {
            List<Object[]> args = new ArrayList<>(batch.size());
            batch.forEach(m -> args.add(new Object[] {m.moduleKey(), m.id(), self, Timestamp.from(now)}));
            int[] counts = db.jdbc().batchUpdate(RESYNC, args);
            List<String> signals = new ArrayList<>();
            for (int j = 0; j < batch.size(); j++) {
                if (j >= counts.length || counts[j] != 0) {
                    ModuleSession m = batch.get(j);
                    signals.add(Signal.presence(m.moduleKey(), m.id(), self, m.direction(), now));
                }
            }
            db.notify(signals);
            return signals.size();
        });
        return n == null ? 0 : n;
    }

    /** Runs on the writer thread: one transaction for the batch, its signals sent on commit. */
    private void write(List<Op> ops) {
        if (silenced) {
            return;
        }
        try {
            writeBatch(ops);
        } catch (RuntimeException e) {
            // The writer retries the items one by one; whatever still fails is put right by the next resync.
            lost.set(true);
            throw e;
        }
    }

    private void writeBatch(List<Op> ops) {
        db.tx().executeWithoutResult(status -> {
            List<String> signals = new ArrayList<>(ops.size());
            int i = 0;
            while (i < ops.size()) {
                int end = i + 1;
                Class<?> type = ops.get(i).getClass();
                while (end < ops.size() && ops.get(end).getClass() == type) {
                    end++;
                }
                run(ops.subList(i, end), signals);
                i = end;
            }
            db.notify(signals);
        });
    }

    /** A run of ops of one type, in one JDBC batch. */
    private void run(List<Op> run, List<String> signals) {
        Op first = run.get(0);
        if (first instanceof Upsert) {
            List<Object[]> args = new ArrayList<>(run.size());
            for (Op op : run) {
                Upsert x = (Upsert) op;
                args.add(new Object[] {x.key(), x.sessionId(), self, Timestamp.from(x.since())});
                signals.add(Signal.presence(x.key(), x.sessionId(), self, x.direction(), x.since()));
            }
            db.jdbc().batchUpdate(UPSERT, args);
        } else if (first instanceof Remove) {
            List<Object[]> args = new ArrayList<>(run.size());
            for (Op op : run) {
                Remove x = (Remove) op;
                args.add(new Object[] {x.key(), x.sessionId()});
            }
            int[] counts = db.jdbc().batchUpdate(DELETE, args);
            for (int j = 0; j < run.size(); j++) {
                // A row already taken over by a newer session (here or elsewhere) is not ours to report.
                if (j >= counts.length || counts[j] != 0) {
                    Remove x = (Remove) run.get(j);
                    signals.add(Signal.removed(x.key(), x.sessionId(), self));
                }
            }
        } else if (first instanceof Reassert) {
            List<Op> again = new ArrayList<>(run.size());
            for (Op op : run) {
                Reassert x = (Reassert) op;
                ModuleSession s = sessions.find(x.sessionId()).orElse(null);
                // checked on the writer thread: a session closing after this queues its removal behind it
                if (s != null && s.isOpen() && x.key().equals(s.moduleKey())) {
                    again.add(new Upsert(x.key(), x.sessionId(), s.direction(), Instant.now()));
                } else {
                    signals.add(Signal.removed(x.key(), x.sessionId(), self));
                }
            }
            if (!again.isEmpty()) {
                run(again, signals);
            }
        } else {
            run.forEach(op -> signals.add(((Notice) op).payload()));
        }
    }
}
