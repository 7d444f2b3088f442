/**
 * Many replicas, one fleet: which replica holds which module and session (a lease-kept replica table and a
 * presence table in the shared PostgreSQL database), forwarding of REST calls to the owner over the internal
 * port, cluster-wide lists and events, waking the owner of a queued downlink. With one replica (the default,
 * and always with H2) {@link dev.fleetgateway.cluster.ClusterDirectory} says every module and session is local.
 * <p>
 * In a cluster: {@code ReplicaLease} registers the replica, renews its lease and purges dead replicas on
 * {@code fleet-cluster-lease}; {@code PresenceWrites} writes presence rows and signals through the
 * {@code DatabaseWriter}; {@code ClusterListener} hears the channel on {@code fleet-cluster-listen} (its own JDBC
 * connection) and keeps {@code PresenceCache}, closes sessions whose module identified elsewhere later, wakes
 * outbox delivery and re-publishes other replicas' events; {@code PresenceDirectory} answers from memory. The
 * module rules hold cluster-wide: {@code ClusterHolders} tells the session feature (its {@code RemoteHolders}
 * port) which keys live sessions hold elsewhere, {@code KeyClaims} settles two replicas' claims to a key under
 * duplicate policy REJECT (the first writer keeps it), and {@code RegistrySignals} tells the other replicas of
 * credential and registry changes, which the listener reads again at once. How it
 * works and what a SIGTERM or a crash loses: docs/cluster.md. {@code ClusterMetrics} registers every
 * {@code fleet.cluster.*} meter (docs/cluster.md, Metrics).
 * <p>
 * Depends on {@code outbox}, {@code session}, {@code module} and {@code system}; nothing depends on it.
 */
package dev.fleetgateway.cluster;
