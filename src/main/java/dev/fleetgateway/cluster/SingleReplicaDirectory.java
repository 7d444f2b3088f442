package dev.fleetgateway.cluster;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The directory of a gateway that runs alone ({@code gateway.cluster.enabled=false}): everything is local. */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "false", matchIfMissing = true)
class SingleReplicaDirectory implements ClusterDirectory {

    private final Replica self = new Replica("local", URI.create("http://localhost"));

    @Override
    public Replica self() {
        return self;
    }

    @Override
    public Optional<Replica> ownerOfSession(String sessionId) {
        return Optional.empty();
    }

    @Override
    public Optional<Replica> ownerOfModule(String moduleKey) {
        return Optional.empty();
    }

    @Override
    public List<Replica> replicas() {
        return List.of(self);
    }
}
