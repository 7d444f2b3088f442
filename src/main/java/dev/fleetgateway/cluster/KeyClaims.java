package dev.fleetgateway.cluster;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.RemoteConflicts;
import dev.fleetgateway.session.SessionRegistry;

/**
 * Settles two replicas' claims to one module key from the presence signals alone, which every replica hears in
 * the same commit order, so all reach the same verdict without talking. Under duplicate policy {@code REJECT}
 * the first writer keeps the key, as a local session does: a later presence for the key, from another replica,
 * while the earlier holder's replica is alive, loses. Its replica closes that session ({@code
 * DUPLICATE_REJECTED}) and the holder's replica writes its row again (the loser's upsert overwrote it). Under
 * {@code REPLACE} the last writer wins, and this says nothing. Replicas of one cluster share the policy.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class KeyClaims {

    private static final Logger log = LoggerFactory.getLogger(KeyClaims.class);

    private final PresenceCache cache;
    private final SessionRegistry sessions;
    private final PresenceWrites writes;
    private final RemoteConflicts conflicts;
    private final boolean firstWins;
    private final String self;
    private final Clock clock = Clock.systemUTC();

    KeyClaims(PresenceCache cache, SessionRegistry sessions, PresenceWrites writes, RemoteConflicts conflicts,
            ReplicaIdentity identity) {
        this.cache = cache;
        this.sessions = sessions;
        this.writes = writes;
        this.conflicts = conflicts;
        this.firstWins = conflicts.firstHolderKeeps();
        this.self = identity.id();
    }

    /**
     * A presence for {@code key} was written by {@code incoming}; {@code before} is who held the key per the
     * mirror. True when the earlier holder keeps the key (the mirror must not change); the losing session, if it
     * is here, is closed, and the holder's row, if it is here, is written again.
     */
    boolean earlierHolderKeeps(String key, PresenceCache.Presence before, PresenceCache.Presence incoming) {
        if (!firstWins || before == null || before.replicaId().equals(incoming.replicaId())
                || cache.live(before.replicaId(), clock.instant()) == null) {
            return false;
        }
        if (self.equals(incoming.replicaId())) {
            sessions.find(incoming.sessionId())
                    .ifPresent(s -> conflicts.lostToEarlierHolder(s, before.replicaId()));
        } else if (self.equals(before.replicaId())) {
            log.info("Module {} identified on replica {} too; session {} here held it first and keeps it", key,
                    incoming.replicaId(), before.sessionId());
            writes.reassert(key, before.sessionId());
        }
        return true;
    }
}
