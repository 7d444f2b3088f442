package dev.fleetgateway.session;

import dev.fleetgateway.usocket.Errno;

/**
 * Lifecycle events of sessions, published as Spring application events. They are published on Netty event
 * loops: listeners must only hand work off (enqueue), never block.
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
    }
}
