package dev.fleetgateway.session;

/**
 * This gateway process among its replicas: its id and the tag that starts every session id it hands out, so
 * any replica can tell from a session id alone where that session lives. Implemented by the cluster feature
 * when it is enabled; alone, a gateway uses {@link #ALONE} (plain random session ids).
 */
public interface LocalReplica {

    /** A gateway that runs alone. */
    LocalReplica ALONE = new LocalReplica() {
        @Override
        public String id() {
            return "local";
        }

        @Override
        public String sessionTag() {
            return null;
        }
    };

    /** This replica's id. */
    String id();

    /** Eight lowercase hex digits every session id of this replica starts with; null for plain random ids. */
    String sessionTag();

    /**
     * A new session id: a random UUID whose first eight hex digits are the tag. Still a UUID in form (36
     * characters, version and variant bits kept), so every column and client that holds session ids holds these.
     * The random part comes from a fast non-cryptographic generator: a session id is a name, not a secret
     * ({@link SessionIds}).
     */
    default String newSessionId() {
        return SessionIds.next(sessionTag());
    }
}
