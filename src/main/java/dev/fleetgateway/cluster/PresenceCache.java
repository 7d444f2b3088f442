package dev.fleetgateway.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The cluster as this replica sees it, in memory, so no REST call reads the database to find a module's owner:
 * the presence table mirrored (loaded when the listener connects, then kept by notifications in commit order)
 * and the replica table (reloaded at each lease renewal and when a replica joins or goes). Written only by the
 * listener thread and the lease thread; read by anyone.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class PresenceCache {

    /** Where a module's identified session lives. */
    record Presence(String replicaId, String sessionId) {
    }

    /** A replica row: its URI and lease. */
    record ReplicaRow(Replica replica, String tag, Instant leaseUntil) {
    }

    private volatile ConcurrentHashMap<String, Presence> presence = new ConcurrentHashMap<>();
    private volatile Map<String, ReplicaRow> replicas = Map.of();
    private volatile Map<String, ReplicaRow> byTag = Map.of();

    Presence presence(String moduleKey) {
        return presence.get(moduleKey);
    }

    int presenceCount() {
        return presence.size();
    }

    /** How many modules the mirror places on this replica (a scrape walks the mirror once). */
    int countHeldBy(String replicaId) {
        int n = 0;
        for (Presence p : presence.values()) {
            if (p.replicaId().equals(replicaId)) {
                n++;
            }
        }
        return n;
    }

    void put(String moduleKey, Presence p) {
        presence.put(moduleKey, p);
    }

    /** Forgets a module's presence if it is still that session's. */
    void remove(String moduleKey, String sessionId) {
        presence.computeIfPresent(moduleKey, (k, p) -> p.sessionId().equals(sessionId) ? null : p);
    }

    /** Forgets every presence of a replica that went. */
    void removeReplica(String replicaId) {
        presence.values().removeIf(p -> p.replicaId().equals(replicaId));
    }

    /** Replaces the whole mirror at once (readers never see it half loaded). */
    void replaceAll(Map<String, Presence> loaded) {
        presence = new ConcurrentHashMap<>(loaded);
    }

    void replicas(List<ReplicaRow> rows) {
        Map<String, ReplicaRow> ids = new HashMap<>();
        Map<String, ReplicaRow> tags = new HashMap<>();
        for (ReplicaRow r : rows) {
            ids.put(r.replica().id(), r);
            tags.put(r.tag(), r);
        }
        replicas = Map.copyOf(ids);
        byTag = Map.copyOf(tags);
    }

    /** A replica with a current lease, by id. */
    ReplicaRow live(String replicaId, Instant now) {
        ReplicaRow r = replicas.get(replicaId);
        return r != null && r.leaseUntil().isAfter(now) ? r : null;
    }

    /** A replica with a current lease, by the tag its session ids start with. */
    ReplicaRow liveByTag(String tag, Instant now) {
        ReplicaRow r = byTag.get(tag);
        return r != null && r.leaseUntil().isAfter(now) ? r : null;
    }

    /** Replicas with a current lease. */
    List<ReplicaRow> live(Instant now) {
        List<ReplicaRow> out = new ArrayList<>();
        for (ReplicaRow r : replicas.values()) {
            if (r.leaseUntil().isAfter(now)) {
                out.add(r);
            }
        }
        return out;
    }
}
