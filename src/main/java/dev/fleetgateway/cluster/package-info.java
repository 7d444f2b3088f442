/**
 * Many replicas, one fleet: which replica holds which module and session (a lease-kept replica table and a
 * presence table in the shared PostgreSQL database), forwarding of REST calls to the owner over the internal
 * port, cluster-wide lists and events, waking the owner of a queued downlink. With one replica (the default,
 * and always with H2) {@link dev.fleetgateway.cluster.ClusterDirectory} says every module and session is local.
 * <p>
 * Depends on {@code outbox}, {@code session}, {@code module} and {@code system}; nothing depends on it.
 */
package dev.fleetgateway.cluster;
