package dev.fleetgateway.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The {@code replica} table: this replica's row (registered, renewed, deleted when it leaves), the purge of
 * replicas whose lease ran out (their presence rows deleted, their outbox claims released, in one transaction,
 * by whichever live replica gets there first), and the copy of the table in {@link PresenceCache}.
 * Lease times are the replicas' own clocks (kept in step by NTP, as on any Kubernetes node).
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class ReplicaTable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaTable.class);

    private final ClusterDatabase db;
    private final PresenceCache cache;
    private final ReplicaIdentity self;
    private final Duration lease;
    private final Clock clock = Clock.systemUTC();

    ReplicaTable(ClusterDatabase db, PresenceCache cache, ReplicaIdentity self, ClusterProperties props,
            InternalPort internalPort) {
        this.db = db;
        this.cache = cache;
        this.self = self;
        this.lease = props.lease();
        // Registration comes before the web server starts; with internal-port=0 the real port is known only then.
        internalPort.onBound(this::advertise);
    }

    /**
     * Writes this replica's internal address as it is now (its port just bound) and tells the others, who reload
     * the replica table: without it they would forward to the address registered before the port was bound until
     * the next lease renewal. A failure is left to that renewal, which writes the address too.
     */
    void advertise() {
        try {
            db.tx().executeWithoutResult(status -> {
                if (db.jdbc().update("update replica set internal_uri = ? where id = ?", self.internalUri().toString(),
                        self.id()) > 0) {
                    db.notify(List.of(Signal.joined(self.id())));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not advertise the internal address {} now; the next lease renewal writes it: {}",
                    self.internalUri(), e.toString());
        }
    }

    /**
     * Registers this replica (again): rows of an earlier run under the same id are its own and are gone with it,
     * so its presence rows and outbox claims are dropped first; the others hear it left and came back.
     */
    void register() {
        Instant now = clock.instant();
        db.tx().executeWithoutResult(status -> {
            db.jdbc().update("delete from module_presence where replica_id = ?", self.id());
            db.jdbc().update("insert into replica (id, internal_uri, lease_until, started_at) values (?, ?, ?, ?) "
                    + "on conflict (id) do update set internal_uri = excluded.internal_uri, "
                    + "lease_until = excluded.lease_until, started_at = excluded.started_at",
                    self.id(), self.internalUri().toString(), Timestamp.from(now.plus(lease)), Timestamp.from(now));
            db.notify(List.of(Signal.gone(self.id()), Signal.joined(self.id())));
        });
        log.info("Joined the cluster as replica {} ({}), session ids start with {}", self.id(), self.internalUri(),
                self.sessionTag());
    }

    /** Renews this replica's lease; false when its row was gone (purged by another replica: it must re-register). */
    boolean renew() {
        return db.jdbc().update("update replica set lease_until = ?, internal_uri = ? where id = ?",
                Timestamp.from(clock.instant().plus(lease)), self.internalUri().toString(), self.id()) > 0;
    }

    /** Deletes replicas whose lease ran out, with their presence rows, and releases their outbox claims. */
    int purgeExpired() {
        Timestamp now = Timestamp.from(clock.instant());
        List<String> dead = db.jdbc().queryForList("select id from replica where lease_until < ? and id <> ?",
                String.class, now, self.id());
        int purged = 0;
        for (String id : dead) {
            Integer done = db.tx().execute(status -> {
                // Conditional: a replica that renewed meanwhile, or another purger that got there first, wins.
                if (db.jdbc().update("delete from replica where id = ? and lease_until < ?", id, now) == 0) {
                    return 0;
                }
                int rows = db.jdbc().update("delete from module_presence where replica_id = ?", id);
                int claims = db.jdbc().update("update outbox_message set state = 'QUEUED', session_id = null, "
                        + "claimed_by = null where state = 'SENDING' and claimed_by = ?", id);
                db.notify(List.of(Signal.gone(id)));
                log.warn("Replica {} let its lease run out: {} presence rows removed, {} outbox messages it was "
                        + "sending wait again", id, rows, claims);
                return 1;
            });
            purged += done == null ? 0 : done;
        }
        // Claims of replicas with no row at all (one left while a write was settling, or was purged before this
        // version released claims with its rows): nobody will settle them, so they wait again.
        int orphans = db.jdbc().update("update outbox_message set state = 'QUEUED', session_id = null, "
                + "claimed_by = null where state = 'SENDING' and claimed_by is not null "
                + "and claimed_by not in (select id from replica)");
        if (orphans > 0) {
            log.info("{} outbox messages claimed by replicas that are gone wait again", orphans);
        }
        return purged;
    }

    /**
     * Leaves the cluster: this replica's presence rows and its row go, and the others hear it. Its sessions are
     * closed by now, so a message it still holds SENDING was not settled (its write failed or was cut short): it
     * waits again, for the module's next replica.
     */
    void leave() {
        db.tx().executeWithoutResult(status -> {
            db.jdbc().update("update outbox_message set state = 'QUEUED', session_id = null, claimed_by = null "
                    + "where state = 'SENDING' and claimed_by = ?", self.id());
            db.jdbc().update("delete from module_presence where replica_id = ?", self.id());
            db.jdbc().update("delete from replica where id = ?", self.id());
            db.notify(List.of(Signal.gone(self.id())));
        });
        log.info("Left the cluster as replica {}", self.id());
    }

    /** Reads the replica table into the cache. */
    void reload() {
        List<PresenceCache.ReplicaRow> rows = new ArrayList<>();
        db.jdbc().query("select id, internal_uri, lease_until from replica", r -> {
            String id = r.getString(1);
            rows.add(new PresenceCache.ReplicaRow(new Replica(id, URI.create(r.getString(2))),
                    ReplicaIdentity.tagOf(id), r.getTimestamp(3).toInstant()));
        });
        cache.replicas(rows);
    }
}
