package dev.fleetgateway.session;

import dev.fleetgateway.usocket.Errno;

/**
 * Lifecycle events of sessions. This replica's own (opened, identified, writable, closed) go to every
 * {@link SessionListener} bean on the Netty event loop where they happen; {@link Remote} is published as a Spring
 * application event on the cluster's listener thread. Either way listeners must only hand work off (enqueue),
 * never block.
 */
public final class SessionEvents {

    private SessionEvents() {
    }

    /** A connection was established. */
    public record Opened(ModuleSession session) {
    }

    /** The session was bound to a module key (hello line, or given when dialling). */
    public record Identified(ModuleSession session, String moduleKey) {
    }

    /** The module reads again: its socket takes sends after it was not writable (identified sessions only). */
    public record Writable(ModuleSession session, String moduleKey) {
    }

    /** The session ended. */
    public record Closed(ModuleSession session, CloseReason reason, Errno errno) {

        /** The errno as a number, null when none (for features that do not speak usocket). */
        public Integer errnoCode() {
            return errno == null ? null : errno.code();
        }
    }

    /**
     * A lifecycle event of a session held by another replica of the cluster ({@code type} opened, identified or
     * closed), re-published here so fleet-wide streams carry the whole cluster. Published on the cluster's
     * listener thread; nothing local acts on it beyond showing it.
     */
    public record Remote(String type, String replicaId, String sessionId, String moduleKey, Direction direction,
            CloseReason reason, Integer errno, java.time.Instant at) {
    }
}
