package dev.fleetgateway.cluster.web;

import dev.fleetgateway.cluster.OwnerCalls;

/** The headers a forwarded call carries to the owner's internal port. */
final class ClusterHeaders {

    /** The shared secret ({@code gateway.cluster.internal-secret}). */
    static final String SECRET = OwnerCalls.SECRET;
    /** The original caller's key or token name. */
    static final String CALLER = OwnerCalls.CALLER;
    /** The original caller's roles, as labels separated by commas. */
    static final String ROLES = OwnerCalls.ROLES;
    /** The id of the replica that forwarded the call. */
    static final String VIA = OwnerCalls.VIA;
    /** On a forwarded answer: the id of the replica that answered. */
    static final String REPLICA = OwnerCalls.REPLICA;

    private ClusterHeaders() {
    }
}
