package dev.fleetgateway.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Who holds what in the cluster. The REST edge asks it where a module key or session id lives before it serves
 * a call locally; the answer for another replica comes from the presence table, kept current by each owner.
 */
public interface ClusterDirectory {

    /** This replica. */
    Replica self();

    /** The live replica holding the session with this id, when that is another replica. */
    Optional<Replica> ownerOfSession(String sessionId);

    /** The live replica holding an identified session for this module key, when that is another replica. */
    Optional<Replica> ownerOfModule(String moduleKey);

    /** Every replica whose lease is current, this one first. */
    List<Replica> replicas();
}
