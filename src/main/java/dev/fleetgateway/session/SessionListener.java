package dev.fleetgateway.session;

/**
 * Hears the lifecycle of this replica's sessions ({@link SessionEvents}): every bean implementing it gets every
 * event, in the order the events happen, listeners in bean registration order (or {@code @Order}). Called on
 * the thread that publishes, a Netty event loop: only hand work off (enqueue), never block. An exception thrown
 * here reaches the publisher and the listeners after this one miss that event, as with Spring's event
 * multicaster that this replaced (issue 18: per event it resolved generic types and looked each listener's bean
 * up, a visible share of a connect storm's CPU and of its JIT compilation).
 */
public interface SessionListener {

    /** A connection was established. */
    default void onOpened(SessionEvents.Opened event) {
    }

    /** The session was bound to a module key. */
    default void onIdentified(SessionEvents.Identified event) {
    }

    /** The module reads again after it was not writable (identified sessions only). */
    default void onWritable(SessionEvents.Writable event) {
    }

    /** The session ended. */
    default void onClosed(SessionEvents.Closed event) {
    }
}
