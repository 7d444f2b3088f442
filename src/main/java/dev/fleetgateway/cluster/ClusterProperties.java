package dev.fleetgateway.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.cluster}: off by default (one replica, any database). When enabled (PostgreSQL only) the
 * replica registers as {@code replica-id} with a lease renewed every {@code renew-interval}, advertises
 * {@code internal-address}:{@code internal-port} to the others, and accepts forwarded calls there only with
 * {@code internal-secret}.
 *
 * @param enabled          join the cluster (needs PostgreSQL)
 * @param replicaId        this replica's id; the pod name on Kubernetes (blank: the host name)
 * @param internalAddress  the address other replicas reach this one at (blank: the host's address)
 * @param internalPort     the internal HTTP port forwarded calls arrive on (0: any free port, for tests)
 * @param internalSecret   the shared secret every forwarded call carries (required when enabled)
 * @param lease            how long a replica's entries live without renewal (a crashed replica's modules are
 *                         released after this)
 * @param renewInterval    how often a replica renews its lease (well below {@code lease})
 */
@ConfigurationProperties("gateway.cluster")
public record ClusterProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String replicaId,
        @DefaultValue("") String internalAddress,
        @DefaultValue("8082") int internalPort,
        @DefaultValue("") String internalSecret,
        @DefaultValue("10s") Duration lease,
        @DefaultValue("3s") Duration renewInterval) {
}
