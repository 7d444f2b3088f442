package dev.fleetgateway.session;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;

import dev.fleetgateway.usocket.Errno;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;

/**
 * One TCP session with a module, inbound or outbound: its identity, state and the usocket-like verbs
 * {@link #send}, {@link #recv}, {@link #read}, {@link #ack} and {@link #close}; its counters
 * ({@link SessionCounters}) and receive buffer ({@link SessionInbox}) are its base classes, one object per
 * session (issue 18). What only an outbound or an ended session needs is an object it gets then. Which thread
 * may touch what is in the package's table ({@code package-info.java}).
 */
public final class ModuleSession extends SessionInbox {

    static final AttributeKey<ModuleSession> ATTR = AttributeKey.valueOf("fleet.session");
    private static final AtomicReferenceFieldUpdater<ModuleSession, SessionState> STATE =
            AtomicReferenceFieldUpdater.newUpdater(ModuleSession.class, SessionState.class, "state");

    private final Object id; // a SessionId (its bits), or the text of an id not in canonical form
    private final Direction direction;
    private final EventLoop loop;
    private final long createdMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()); // not an Instant (24 B)

    private volatile SessionState state;
    private volatile String moduleKey;
    private volatile Channel channel;
    // The channel's own address objects, rendered when asked (no string per open session, issue 18); strings once
    // the session has ended and outlives its channel.
    private volatile Object remote;
    private volatile Object local;
    private volatile long openedMillis;
    private volatile Pending pending; // why the connection is about to end, once known
    private volatile Ended ended; // once the session has ended
    private volatile DialState dial; // outbound sessions only

    /** The first reason noted for the connection's end, with its error. */
    private record Pending(CloseReason reason, Errno errno) {
    }

    /** How and when the session ended. */
    private record Ended(CloseReason reason, Errno errno, long closedMillis) {
    }

    ModuleSession(Object id, Direction direction, SessionState initial, EventLoop loop, SessionSettings settings) {
        super(settings);
        this.id = id;
        this.direction = direction;
        this.state = initial;
        this.loop = loop;
    }

    public String id() { return id.toString(); }
    public Direction direction() { return direction; }
    public String moduleKey() { return moduleKey; }
    // CLOSED is told only once the end record is out: the state flips first (the one finisher wins), so a reader
    // between the two must not see a closed session without its reason.
    public SessionState state() { SessionState s = state; return s == SessionState.CLOSED && ended == null ? SessionState.CLOSING : s; }
    public boolean isOpen() { return state == SessionState.OPEN; }
    @Override
    public boolean isClosed() { return ended != null; }
    public Instant createdAt() { return Instant.EPOCH.plusNanos(createdMicros * 1000); }
    public Instant openedAt() { return instant(openedMillis); }
    public Instant closedAt() { return instant(closedMillis()); }
    public CloseReason closeReason() { Ended e = ended; return e == null ? null : e.reason; }
    public String remoteAddress() { return format(remote); }
    public String localAddress() { return format(local); }
    long createdMicros() { return createdMicros; }
    Object key() { return id; } // the table's key
    long closedMillis() { Ended e = ended; return e == null ? 0 : e.closedMillis; }

    /** Why the session ended, or why its last dial failed (outbound), else null. */
    public Errno errno() {
        Ended e = ended;
        if (e != null) {
            return e.errno;
        }
        DialState d = dial;
        return d == null ? null : d.lastError();
    }

    /** Dial attempts so far (outbound sessions). */
    public Integer connectAttempts() {
        DialState d = dial;
        return d == null ? null : d.attempts();
    }

    /** When the next dial happens while backing off (outbound sessions), else null. */
    public Instant nextAttemptAt() {
        DialState d = dial;
        return d == null ? null : d.nextAttemptAt();
    }

    /** A snapshot of this session's counters. */
    public SessionStats stats() {
        return snapshot(bufferIfAny());
    }

    /**
     * Sends bytes; completes with the count once they are flushed to the socket, like {@code socket.send}.
     * Fails fast with {@link SendException} when the session is not open or the module is not reading (nothing
     * written); a flush that takes longer than the send timeout fails with a TIMEOUT whose write stays pending.
     */
    public CompletableFuture<Integer> send(byte[] data) {
        Channel ch = channel;
        if (state != SessionState.OPEN || ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new SendException(SendException.Failure.NOT_OPEN, Errno.ENOTCONN,
                    "Session " + id + " is " + state.name().toLowerCase()));
        }
        return ChannelSends.send(ch, data, settings.sendTimeoutMillis(), this);
    }

    /** Bytes written to this session and not yet taken by its socket (the module is slow or not reading). */
    public long pendingOutboundBytes() {
        return ChannelSends.pendingBytes(channel);
    }

    /** Whether a send would be taken now: connected and below the write-buffer high mark; null when not connected. */
    public Boolean writable() {
        Channel ch = channel;
        return ch == null || !ch.isActive() ? null : ch.isWritable();
    }

    /** Destructive read of up to {@code max} bytes, waiting up to {@code timeoutMillis} (0: non-blocking). */
    public CompletableFuture<RecvResult> recv(int max, long timeoutMillis) {
        return buffer().recv(max, timeoutMillis);
    }

    /** Frames after {@code after}, non-destructive, waiting up to {@code waitMillis} when there are none. */
    public CompletableFuture<FrameBatch> read(long after, int limit, long waitMillis) {
        return buffer().read(after, limit, waitMillis);
    }

    /** Frees every frame up to and including {@code upTo}. */
    public int ack(long upTo) {
        ReceiveBuffer b = bufferIfAny();
        return b == null ? 0 : b.ack(upTo); // no buffer: nothing was ever received, nothing to free
    }

    /**
     * Streams frames to {@code onFrame} on the event loop (it must only enqueue): those buffered after {@code after}
     * (when given), then each new one, without gap or repeat; a closed session gets {@code onClosed}. Returns the
     * unsubscribe action.
     */
    public Runnable subscribe(Long after, Consumer<Frame> onFrame, Runnable onClosed) {
        return listeners().subscribe(loop, after == null ? null : () -> replay(after), this::isClosed, onFrame,
                onClosed);
    }

    // On the loop: what the buffer holds after `after` (no buffer: nothing was received yet).
    private FrameBatch replay(long after) {
        ReceiveBuffer b = bufferIfAny();
        return b == null ? new FrameBatch(List.of(), 0, 0, isClosed())
                : b.read(after, Integer.MAX_VALUE, 0).join();
    }

    /** Closes the session, like {@code socket.close()}; the module sees the connection end. */
    public void close(CloseReason reason) {
        close(reason, null);
    }

    void close(CloseReason reason, Errno cause) {
        noteError(reason, cause);
        DialState d = dial;
        if (d != null && (reason == CloseReason.CLOSED_BY_API || reason == CloseReason.SHUTDOWN)) {
            d.redial.cancel();
        }
        Channel ch = channel;
        if (ch != null && ch.isOpen()) {
            STATE.compareAndSet(this, SessionState.OPEN, SessionState.CLOSING);
            ch.close();
        } else {
            // Not connected (resolving, connecting or backing off): end it on the loop, unless a connect wins.
            loop.execute(() -> {
                SessionState s = state;
                if (s != SessionState.CLOSED && s != SessionState.OPEN && s != SessionState.CLOSING) {
                    finish(reason, cause);
                }
            });
        }
    }

    // --- called by the pipeline, the registry and the dialer, on the session's event loop -------------------

    /** Redials through {@code redial} when the connection ends (set once, before the first dial). */
    void redialWith(Redial redial) {
        this.dial = new DialState(redial);
    }

    /** A dial attempt starts. */
    void dialling() {
        dial.attempt();
        state = SessionState.RESOLVING;
    }

    void connecting() { state = SessionState.CONNECTING; }

    /** Waits until {@code at} before the next dial; {@code cause} failed the last one. */
    void backingOff(Instant at, Errno cause) {
        dial.failed(cause);
        dial.nextAttemptAt(at);
        state = SessionState.BACKOFF;
    }

    void attach(Channel ch) {
        this.channel = ch;
        ch.attr(ATTR).set(this);
        this.remote = ch.remoteAddress();
        this.local = ch.localAddress();
        this.openedMillis = openedMillis == 0 ? System.currentTimeMillis() : openedMillis;
        this.pending = null;
        this.state = SessionState.OPEN;
        touch();
    }

    void bindKey(String key) {
        this.moduleKey = key;
    }

    /** The socket takes sends again after the module was not reading (event loop): the table is told. */
    void writabilityChanged(boolean writable) {
        if (writable && state == SessionState.OPEN) {
            settings.onWritable().accept(this);
        }
    }

    /** Remembers why the connection is about to end (the first reason wins). */
    void noteError(CloseReason reason, Errno e) {
        if (pending == null) {
            pending = new Pending(reason, e);
        }
    }

    /** The channel went inactive: redial (outbound with a policy) or end the session. */
    void onInactive() {
        readComplete();
        Pending p = pending;
        CloseReason reason = p != null ? p.reason : CloseReason.CLIENT_CLOSED;
        Errno e = p != null ? p.errno : null;
        this.channel = null;
        DialState d = dial;
        if (d != null) {
            d.redial.afterClose(reason, e);
        } else {
            finish(reason, e);
        }
    }

    /** Ends the session for good, once: the buffer reaches EOF and the registry is told. */
    void finish(CloseReason reason, Errno e) {
        SessionState s;
        do {
            s = state;
            if (s == SessionState.CLOSED) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, SessionState.CLOSED));
        this.ended = new Ended(reason, e, System.currentTimeMillis());
        this.remote = remoteAddress();
        this.local = direction == Direction.INBOUND && local != null ? localAddress().intern() : localAddress();
        closeBuffer();
        settings.onFinished().accept(this);
    }

    @Override
    EventLoop loop() { return loop; }
    Channel channel() { return channel; }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }

    private static String format(Object a) { // an address, or a string already
        if (a instanceof InetSocketAddress i) {
            return i.getAddress() == null ? i.getHostString() + ":" + i.getPort()
                    : i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return a == null ? null : a.toString();
    }
}
