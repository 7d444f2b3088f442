package dev.fleetgateway.cluster;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;

/**
 * The directory of a cluster ({@code gateway.cluster.enabled=true}), answered from memory: the local session
 * table first, then the presence mirror for modules, and for sessions the tag their id starts with (so an
 * anonymous session, which has no presence row, is found too). A replica whose lease has run out owns nothing.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class PresenceDirectory implements ClusterDirectory {

    private final ReplicaIdentity identity;
    private final PresenceCache cache;
    private final SessionRegistry sessions;
    private final Clock clock = Clock.systemUTC();

    PresenceDirectory(ReplicaIdentity identity, PresenceCache cache, SessionRegistry sessions) {
        this.identity = identity;
        this.cache = cache;
        this.sessions = sessions;
    }

    @Override
    public Replica self() {
        return new Replica(identity.id(), identity.internalUri());
    }

    @Override
    public Optional<Replica> ownerOfSession(String sessionId) {
        if (sessionId == null || sessionId.length() < 8 || sessions.find(sessionId).isPresent()) {
            return Optional.empty();
        }
        String tag = sessionId.substring(0, 8);
        if (tag.equals(identity.sessionTag())) {
            return Optional.empty();
        }
        PresenceCache.ReplicaRow row = cache.liveByTag(tag, clock.instant());
        return row == null || row.replica().id().equals(identity.id()) ? Optional.empty()
                : Optional.of(row.replica());
    }

    @Override
    public Optional<Replica> ownerOfModule(String moduleKey) {
        if (moduleKey == null || sessions.findByModuleKey(moduleKey).filter(ModuleSession::isOpen).isPresent()) {
            return Optional.empty();
        }
        PresenceCache.Presence p = cache.presence(moduleKey);
        if (p == null || p.replicaId().equals(identity.id())) {
            return Optional.empty();
        }
        PresenceCache.ReplicaRow row = cache.live(p.replicaId(), clock.instant());
        return row == null ? Optional.empty() : Optional.of(row.replica());
    }

    @Override
    public List<Replica> replicas() {
        List<Replica> out = new ArrayList<>();
        out.add(self());
        cache.live(clock.instant()).stream().map(PresenceCache.ReplicaRow::replica)
                .filter(r -> !r.id().equals(identity.id())).sorted(Comparator.comparing(Replica::id))
                .forEach(out::add);
        return out;
    }

    /** The replica id holding a module's identified session, anywhere in the cluster (this one included). */
    Optional<String> replicaOfModule(String moduleKey) {
        PresenceCache.Presence p = cache.presence(moduleKey);
        return p == null || cache.live(p.replicaId(), clock.instant()) == null ? Optional.empty()
                : Optional.of(p.replicaId());
    }
}
