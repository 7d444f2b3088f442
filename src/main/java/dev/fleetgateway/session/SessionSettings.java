package dev.fleetgateway.session;

import java.util.function.Consumer;

/**
 * What every session of one table shares: the settings it reads and the table's callbacks, held once and
 * referenced by each session (one reference instead of a copy of each per session: 16 B per session, issue 18).
 *
 * @param sendTimeoutMillis a send not flushed by then is reported pending
 * @param receiveBuffer capacity of one session's receive buffer, in bytes
 * @param dropOldest whether a full receive buffer drops its oldest frames (else it pauses the socket)
 * @param budget the heap all receive buffers share
 * @param meters the session meters
 * @param onFinished told once when a session ends
 * @param onWritable told when a session's socket takes sends again
 */
record SessionSettings(long sendTimeoutMillis, long receiveBuffer, boolean dropOldest, BufferBudget budget,
        SessionMetrics meters, Consumer<ModuleSession> onFinished, Consumer<ModuleSession> onWritable) {

    static SessionSettings of(SessionProperties props, BufferBudget budget, SessionMetrics meters,
            Consumer<ModuleSession> onFinished, Consumer<ModuleSession> onWritable) {
        return new SessionSettings(props.sendTimeout().toMillis(), props.receiveBuffer().toBytes(),
                props.overflow() == SessionProperties.OverflowPolicy.DROP_OLDEST, budget, meters, onFinished,
                onWritable);
    }
}
