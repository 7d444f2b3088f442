package dev.fleetgateway.cluster;

import java.net.URI;

/**
 * One gateway process of the cluster: its id (the pod name on Kubernetes) and the base URI of its internal HTTP
 * port, where other replicas forward REST calls for the modules it holds.
 */
public record Replica(String id, URI internalUri) {
}
