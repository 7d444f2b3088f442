package dev.fleetgateway.session;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.netty.channel.EventLoop;

/**
 * The receiving side of a {@link ModuleSession}: its receive buffer and its frame listeners, each created when
 * first needed (the first frame, read or subscriber), not per session. Nearly every held module sends nothing
 * between reads, and the buffer with its queue, pause state, waiters and back-pressure costs about 200 B
 * (issue 18). A buffer created after the session ended is closed at once, so a late reader sees EOF.
 */
abstract class SessionInbox extends SessionCounters {

    private static final AtomicReferenceFieldUpdater<SessionInbox, ReceiveBuffer> BUFFER =
            AtomicReferenceFieldUpdater.newUpdater(SessionInbox.class, ReceiveBuffer.class, "buffer");
    private static final AtomicReferenceFieldUpdater<SessionInbox, FrameListeners> LISTENERS =
            AtomicReferenceFieldUpdater.newUpdater(SessionInbox.class, FrameListeners.class, "listeners");

    private volatile ReceiveBuffer buffer;
    private volatile FrameListeners listeners;

    SessionInbox(SessionSettings settings) {
        super(settings);
    }

    abstract EventLoop loop();

    abstract boolean isClosed();

    /** The receive buffer, created now if it does not exist yet (any thread). */
    final ReceiveBuffer buffer() {
        ReceiveBuffer b = buffer;
        if (b != null) {
            return b;
        }
        b = new ReceiveBuffer(settings.receiveBuffer(), ReceiveBuffer.FRAME_OVERHEAD, settings.dropOldest(),
                new ChannelBackpressure((ModuleSession) this), loop(), settings.budget());
        if (!BUFFER.compareAndSet(this, null, b)) {
            return buffer;
        }
        // The session ends by setting CLOSED and then closing the buffer it sees: either it saw this one, or
        // this check sees CLOSED (both are volatile), so no buffer of an ended session stays open.
        if (isClosed()) {
            b.close();
        }
        return b;
    }

    /** The receive buffer if one was created, else null (nothing was ever received or read). */
    final ReceiveBuffer bufferIfAny() {
        return buffer;
    }

    /** The frame listeners, created at the first subscriber. */
    final FrameListeners listeners() {
        FrameListeners l = listeners;
        if (l == null) {
            l = new FrameListeners();
            if (!LISTENERS.compareAndSet(this, null, l)) {
                l = listeners;
            }
        }
        return l;
    }

    /** A frame arrived (event loop): buffered, then told to the listeners, if any. */
    final void onFrame(byte[] data) {
        long now = System.currentTimeMillis();
        received(data.length, now);
        long seq = buffer().append(data, now);
        FrameListeners l = listeners;
        if (seq > 0 && l != null) {
            l.tell(seq, now, data);
        }
    }

    /** Marks the buffer's end of stream (the session ended), if it has one. */
    final void closeBuffer() {
        ReceiveBuffer b = buffer;
        if (b != null) {
            b.close();
        }
    }

    /** Frees what the buffer holds (the session left the live table). */
    final void discard() {
        ReceiveBuffer b = buffer;
        if (b != null) {
            b.discard();
        }
    }

    final long bufferedBytes() {
        ReceiveBuffer b = buffer;
        return b == null ? 0 : b.bufferedBytes();
    }

    /** Readers waiting on the buffer now. */
    final int waitingReaders() {
        ReceiveBuffer b = buffer;
        return b == null ? 0 : b.waiting();
    }
}
