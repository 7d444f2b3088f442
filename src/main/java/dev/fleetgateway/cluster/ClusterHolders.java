package dev.fleetgateway.cluster;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.RemoteHolders;

/**
 * Tells the session feature which module keys a session on another live replica holds: the presence mirror
 * names another replica and that replica's lease runs. Memory only, so a hello on an event loop may ask.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class ClusterHolders implements RemoteHolders {

    private final PresenceCache cache;
    private final String self;
    private final Clock clock = Clock.systemUTC();

    ClusterHolders(PresenceCache cache, ReplicaIdentity identity) {
        this.cache = cache;
        this.self = identity.id();
    }

    @Override
    public boolean heldElsewhere(String moduleKey) {
        PresenceCache.Presence p = moduleKey == null ? null : cache.presence(moduleKey);
        return p != null && !p.replicaId().equals(self) && cache.live(p.replicaId(), clock.instant()) != null;
    }
}
