package dev.fleetgateway.session;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Hands each session event to every {@link SessionListener} bean, one after the other on the caller's thread:
 * a plain array, found once. Found at the first event rather than at construction, because several listeners
 * depend on the session table that owns this.
 */
final class SessionListeners {

    private final ObjectProvider<SessionListener> beans;
    private volatile SessionListener[] listeners;

    SessionListeners(ObjectProvider<SessionListener> beans) {
        this.beans = beans;
    }

    void opened(SessionEvents.Opened e) {
        for (SessionListener l : listeners()) {
            l.onOpened(e);
        }
    }

    void identified(SessionEvents.Identified e) {
        for (SessionListener l : listeners()) {
            l.onIdentified(e);
        }
    }

    void writable(SessionEvents.Writable e) {
        for (SessionListener l : listeners()) {
            l.onWritable(e);
        }
    }

    void closed(SessionEvents.Closed e) {
        for (SessionListener l : listeners()) {
            l.onClosed(e);
        }
    }

    private SessionListener[] listeners() {
        SessionListener[] ls = listeners;
        if (ls == null) {
            // Two threads may both look them up at first: the same beans in the same order either way.
            ls = beans.orderedStream().toArray(SessionListener[]::new);
            listeners = ls;
        }
        return ls;
    }
}
