package dev.fleetgateway.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleCredentials;
import dev.fleetgateway.outbox.DeliveryRequests;
import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionEvents;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.LogThrottle;

/**
 * Hears the cluster's channel on a connection and a thread of its own ({@code fleet-cluster-listen}), and acts
 * on each signal in commit order: keeps the presence mirror, closes a session here whose module identified on
 * another replica later, starts delivery for a module held here when another replica queued a message for it,
 * and re-publishes other replicas' lifecycle events. On (re)connect it listens first, then loads the presence
 * table, so no change falls between the two. A broken connection is opened again after a second.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class ClusterListener {

    private static final Logger log = LoggerFactory.getLogger(ClusterListener.class);
    private static final int POLL_MILLIS = 500;

    private final ClusterDatabase db;
    private final PresenceCache cache;
    private final SessionRegistry sessions;
    private final DeliveryRequests deliveries;
    private final ApplicationEventPublisher events;
    private final ReplicaTable replicaTable;
    private final String self;
    private final ClusterMetrics metrics;
    private final LogThrottle failures = new LogThrottle(log);
    private final KeyClaims claims;
    private final ModuleCredentials credentials;
    private final KnownModules known;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile boolean connected;

    ClusterListener(ClusterDatabase db, PresenceCache cache, SessionRegistry sessions, DeliveryRequests deliveries,
            ApplicationEventPublisher events, ReplicaTable replicaTable, ReplicaIdentity identity,
            ClusterMetrics metrics, KeyClaims claims, ModuleCredentials credentials, KnownModules known) {
        this.claims = claims;
        this.credentials = credentials;
        this.known = known;
        this.db = db;
        this.cache = cache;
        this.sessions = sessions;
        this.deliveries = deliveries;
        this.events = events;
        this.replicaTable = replicaTable;
        this.self = identity.id();
        this.metrics = metrics;
    }

    /** Starts listening; returns once the first connection listens and has loaded the presence table (or failed). */
    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "fleet-cluster-listen");
        t.setDaemon(true);
        thread = t;
        t.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!connected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            closeQuietly(connection);
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean connected() {
        return connected;
    }

    private void run() {
        while (running) {
            try (Connection c = db.openListenerConnection()) {
                connection = c;
                c.setAutoCommit(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    s.execute("listen \"" + db.channel() + "\"");
                }
                load(c);
                connected = true;
                metrics.listening(true);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch != null) {
                        for (PGNotification n : batch) {
                            handle(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                metrics.listening(false);
                if (running) {
                    metrics.reconnect();
                    failures.warn("Cluster notifications lost their connection, reconnecting: {}", e.toString());
                    pause();
                }
            } finally {
                connection = null;
            }
        }
        connected = false;
        metrics.listening(false);
    }

    private void load(Connection c) throws SQLException {
        Map<String, PresenceCache.Presence> loaded = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select module_key, session_id, replica_id from module_presence")) {
            while (r.next()) {
                loaded.put(r.getString(1), new PresenceCache.Presence(r.getString(3), r.getString(2)));
            }
        }
        cache.replaceAll(loaded);
        replicaTable.reload();
    }

    /** One signal, on this thread, in commit order. */
    void handle(String payload) {
        Signal s = Signal.parse(payload);
        if (s == null) {
            return;
        }
        metrics.signal(s.kind());
        try {
            switch (s.kind()) {
                case 'P' -> presence(s.field(0), s.field(1), s.field(2), s.enumField(3, Direction.class),
                        s.instant(4));
                case 'R' -> cache.remove(s.field(0), s.field(1));
                case 'E' -> {
                    if (!self.equals(s.field(0))) {
                        events.publishEvent(new SessionEvents.Remote(s.field(1), s.field(0), s.field(2),
                                s.optional(3), s.enumField(4, Direction.class), s.enumField(5, CloseReason.class),
                                s.optional(6) == null ? null : Integer.valueOf(s.field(6)), s.instant(7)));
                    }
                }
                case 'W' -> {
                    if (!self.equals(s.field(1))) {
                        deliveries.queuedElsewhere(s.field(0));
                    }
                }
                case 'C' -> {
                    if (!self.equals(s.field(1))) {
                        if (Signal.ALL_KEYS.equals(s.field(0))) {
                            credentials.reloadAll();
                        } else {
                            credentials.reload(s.field(0)); // one indexed read, before the next signal
                        }
                    }
                }
                case 'K' -> {
                    if (!self.equals(s.field(1))) {
                        if (Signal.ALL_KEYS.equals(s.field(0))) {
                            known.reloadAll();
                        } else {
                            known.reload(s.field(0));
                        }
                    }
                }
                case 'J' -> replicaTable.reload();
                case 'G' -> {
                    if (!self.equals(s.field(0))) {
                        cache.removeReplica(s.field(0));
                    }
                    replicaTable.reload();
                }
                default -> log.debug("Unknown cluster signal {}", s);
            }
        } catch (RuntimeException e) {
            metrics.signalFailed();
            failures.warn("Cluster signal {} not handled: {}", payload, e.toString());
        }
    }

    /**
     * A module's presence was written by {@code replica}. Commit order decides who holds the module: under
     * duplicate policy REJECT the first writer ({@link KeyClaims}), otherwise the last writer. A session here for the key whose own presence was written before this one (the mirror still names
     * it) lost, and is closed; one whose row is not written yet will be written after this one, and wins.
     */
    private void presence(String key, String sessionId, String replica, Direction direction, Instant at) {
        PresenceCache.Presence before = cache.presence(key);
        PresenceCache.Presence incoming = new PresenceCache.Presence(replica, sessionId);
        if (claims.earlierHolderKeeps(key, before, incoming)) {
            events.publishEvent(new SessionEvents.Remote("identified", replica, sessionId, key, direction, null,
                    null, at));
            return;
        }
        cache.put(key, incoming);
        if (self.equals(replica)) {
            return;
        }
        ModuleSession local = sessions.findByModuleKey(key).orElse(null);
        if (local != null && !local.isClosed() && before != null && self.equals(before.replicaId())
                && local.id().equals(before.sessionId())) {
            log.info("Module {} identified on replica {}: session {} here is replaced", key, replica, local.id());
            local.close(CloseReason.REPLACED);
        }
        events.publishEvent(new SessionEvents.Remote("identified", replica, sessionId, key, direction, null, null,
                at));
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // closing a connection that is going away anyway
            }
        }
    }
}
