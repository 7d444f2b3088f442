package dev.fleetgateway.session;

/**
 * Who holds a module key on another replica, as far as this one knows from memory: the seam through which the
 * duplicate policy {@code REJECT} (and a dial that does not ask to replace) also keeps a key a live session holds
 * elsewhere. Implemented by the cluster feature when it is enabled; alone, a gateway uses {@link #NONE}. Asked on
 * an event loop: an implementation reads memory only, never the database.
 */
public interface RemoteHolders {

    /** A gateway that runs alone: no key is held anywhere else. */
    RemoteHolders NONE = moduleKey -> false;

    /** Whether a live session on another (live) replica holds this key. */
    boolean heldElsewhere(String moduleKey);
}
