package dev.fleetgateway.cluster.web;

/** The headers a forwarded call carries to the owner's internal port. */
final class ClusterHeaders {

    /** The shared secret ({@code gateway.cluster.internal-secret}). */
    static final String SECRET = "X-Fleet-Internal";
    /** The original caller's key or token name. */
    static final String CALLER = "X-Fleet-Caller";
    /** The original caller's roles, as labels separated by commas. */
    static final String ROLES = "X-Fleet-Roles";
    /** The id of the replica that forwarded the call. */
    static final String VIA = "X-Fleet-Via";
    /** On a forwarded answer: the id of the replica that answered. */
    static final String REPLICA = "X-Fleet-Replica";

    private ClusterHeaders() {
    }
}
