package dev.fleetgateway.session;

import dev.fleetgateway.usocket.Errno;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;

/**
 * One TCP session with a module, inbound or outbound: its identity, state, counters, receive buffer and the
 * usocket-like verbs {@link #send}, {@link #recv}, {@link #read}, {@link #ack} and {@link #close}.
 * Counters are written on the session's event loop only and read from anywhere.
 */
public final class ModuleSession {

    static final AttributeKey<ModuleSession> ATTR = AttributeKey.valueOf("fleet.session");

    private final String id = UUID.randomUUID().toString();
    private final Direction direction;
    private final EventLoop loop;
    private final SessionRegistry registry;
    private final long sendTimeoutMillis;
    private final Instant createdAt = Instant.now();
    final ReceiveBuffer buffer;

    private volatile String moduleKey;
    private volatile SessionState state;
    private volatile Channel channel;
    private volatile String remoteAddress;
    private volatile String localAddress;
    private volatile Instant openedAt;
    private volatile Instant closedAt;
    private volatile CloseReason closeReason;
    private volatile Errno errno;
    private volatile CloseReason pendingReason;
    private volatile Errno pendingErrno;

    volatile long bytesIn;
    volatile long bytesOut;
    volatile long framesIn;
    volatile long framesOut;
    volatile long pauses;
    volatile long droppedFrames;
    volatile long lastActivityMillis;
    // Event-loop only: traffic of the current read, reported to the meters once the read completes.
    private long unreportedBytesIn;
    private long unreportedFramesIn;
    private int unreportedDropped;
    volatile int connectAttempts;
    volatile Instant nextAttemptAt;
    volatile Outbound outbound;
    // Copy on write; the shared empty list until somebody streams this session (no allocation per session).
    private volatile java.util.List<java.util.function.Consumer<FrameBatch.Frame>> frameListeners = java.util.List.of();

    ModuleSession(Direction direction, SessionState initial, EventLoop loop, SessionRegistry registry,
            SessionProperties props, BufferBudget budget) {
        this.direction = direction;
        this.state = initial;
        this.loop = loop;
        this.registry = registry;
        this.sendTimeoutMillis = props.sendTimeout().toMillis();
        this.lastActivityMillis = System.currentTimeMillis();
        boolean dropOldest = props.overflow() == SessionProperties.OverflowPolicy.DROP_OLDEST;
        this.buffer = new ReceiveBuffer(props.receiveBuffer().toBytes(), ReceiveBuffer.FRAME_OVERHEAD, dropOldest,
                new BufferListener(), loop, budget);
    }

    /** Marker for a session the gateway dialled; holds what a redial needs. */
    interface Outbound {
        void redialOrFinish(ModuleSession session, CloseReason reason, Errno errno);

        void cancel();
    }

    public String id() {
        return id;
    }

    public Direction direction() {
        return direction;
    }

    public String moduleKey() {
        return moduleKey;
    }

    public SessionState state() {
        return state;
    }

    public boolean isOpen() {
        return state == SessionState.OPEN;
    }

    public boolean isClosed() {
        return state == SessionState.CLOSED;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant closedAt() {
        return closedAt;
    }

    public CloseReason closeReason() {
        return closeReason;
    }

    public Errno errno() {
        return errno;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String localAddress() {
        return localAddress;
    }

    /** A snapshot of this session's counters. */
    public SessionStats stats() {
        return new SessionStats(bytesIn, bytesOut, framesIn, framesOut, buffer.bufferedBytes(),
                buffer.bufferedFrames(), buffer.lastSeq(), pauses, droppedFrames, buffer.isPaused(),
                Instant.ofEpochMilli(lastActivityMillis));
    }

    /**
     * Sends bytes; completes with the count once they are flushed to the socket, like {@code socket.send}.
     * Fails fast with {@link SendException} when the session is not open or the module is not reading.
     */
    public CompletableFuture<Integer> send(byte[] data) {
        Channel ch = channel;
        if (state != SessionState.OPEN || ch == null || !ch.isActive()) {
            return CompletableFuture.failedFuture(new SendException(SendException.Reason.NOT_OPEN, Errno.ENOTCONN,
                    "Session " + id + " is " + state.name().toLowerCase()));
        }
        if (!ch.isWritable()) {
            return CompletableFuture.failedFuture(new SendException(SendException.Reason.NOT_READING, null,
                    "The module is not reading: " + ch.bytesBeforeWritable() + " bytes must drain before more can be sent"));
        }
        CompletableFuture<Integer> result = new CompletableFuture<>();
        int length = data.length;
        ch.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(f -> {
            if (f.isSuccess()) {
                bytesOut += length;
                framesOut++;
                lastActivityMillis = System.currentTimeMillis();
                registry.metrics().sent(length);
                result.complete(length);
            } else {
                result.completeExceptionally(new SendException(SendException.Reason.FAILED, Errno.of(f.cause()),
                        "Send failed: " + f.cause().getMessage()));
            }
        });
        return result.orTimeout(sendTimeoutMillis, TimeUnit.MILLISECONDS).exceptionallyCompose(t -> {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return CompletableFuture.failedFuture(new SendException(SendException.Reason.TIMEOUT, Errno.ETIMEDOUT,
                        "Send not flushed within " + sendTimeoutMillis + " ms"));
            }
            return CompletableFuture.failedFuture(t);
        });
    }

    /** Destructive read of up to {@code max} bytes, waiting up to {@code timeoutMillis} (0: non-blocking). */
    public CompletableFuture<RecvResult> recv(int max, long timeoutMillis) {
        return buffer.recv(max, timeoutMillis);
    }

    /** Frames after {@code after}, non-destructive, waiting up to {@code waitMillis} when there are none. */
    public CompletableFuture<FrameBatch> read(long after, int limit, long waitMillis) {
        return buffer.read(after, limit, waitMillis).thenApply(FrameBatch::of);
    }

    /** Frees every frame up to and including {@code upTo}. */
    public int ack(long upTo) {
        return buffer.ack(upTo);
    }

    /** Adds a listener told of every received frame, on the event loop: it must only enqueue. */
    public synchronized void addFrameListener(java.util.function.Consumer<FrameBatch.Frame> listener) {
        java.util.List<java.util.function.Consumer<FrameBatch.Frame>> l = new java.util.ArrayList<>(frameListeners);
        l.add(listener);
        frameListeners = java.util.List.copyOf(l);
    }

    public synchronized void removeFrameListener(java.util.function.Consumer<FrameBatch.Frame> listener) {
        java.util.List<java.util.function.Consumer<FrameBatch.Frame>> l = new java.util.ArrayList<>(frameListeners);
        l.remove(listener);
        frameListeners = java.util.List.copyOf(l);
    }

    /** Closes the session, like {@code socket.close()}; the module sees the connection end. */
    public void close(CloseReason reason) {
        close(reason, null);
    }

    void close(CloseReason reason, Errno cause) {
        if (pendingReason == null) {
            pendingReason = reason;
            pendingErrno = cause;
        }
        Outbound ob = outbound;
        if (ob != null && (reason == CloseReason.CLOSED_BY_API || reason == CloseReason.SHUTDOWN)) {
            ob.cancel();
        }
        Channel ch = channel;
        if (ch != null && ch.isOpen()) {
            if (state == SessionState.OPEN) {
                state = SessionState.CLOSING;
            }
            ch.close();
        } else if (state != SessionState.CLOSED && state != SessionState.OPEN && state != SessionState.CLOSING) {
            // Not connected (resolving, connecting or backing off): end it here.
            loop.execute(() -> finish(reason, cause));
        }
    }

    // --- called by the pipeline and the registry, on the event loop -------------------------------------

    void attach(Channel ch) {
        this.channel = ch;
        ch.attr(ATTR).set(this);
        SocketAddress r = ch.remoteAddress();
        SocketAddress l = ch.localAddress();
        this.remoteAddress = format(r);
        // Every inbound session shares the few listening addresses: one string each, not one per session.
        this.localAddress = direction == Direction.INBOUND && l != null ? format(l).intern() : format(l);
        this.openedAt = openedAt == null ? Instant.now() : openedAt;
        this.pendingReason = null;
        this.pendingErrno = null;
        this.state = SessionState.OPEN;
        this.lastActivityMillis = System.currentTimeMillis();
    }

    void setState(SessionState s) {
        this.state = s;
    }

    void bindKey(String key) {
        this.moduleKey = key;
    }

    void onFrame(byte[] data) {
        framesIn++;
        bytesIn += data.length;
        lastActivityMillis = System.currentTimeMillis();
        unreportedBytesIn += data.length;
        unreportedFramesIn++;
        long seq = buffer.append(data, lastActivityMillis);
        java.util.List<java.util.function.Consumer<FrameBatch.Frame>> listeners = frameListeners;
        if (!listeners.isEmpty() && seq > 0) {
            FrameBatch.Frame f = new FrameBatch.Frame(seq, Instant.ofEpochMilli(lastActivityMillis), data);
            for (java.util.function.Consumer<FrameBatch.Frame> l : listeners) {
                l.accept(f);
            }
        }
    }

    /** Reports the traffic of the read that just completed to the meters (event loop). */
    void readComplete() {
        if (unreportedFramesIn > 0) {
            registry.metrics().received(unreportedBytesIn, unreportedFramesIn);
            unreportedBytesIn = 0;
            unreportedFramesIn = 0;
        }
        if (unreportedDropped > 0) {
            registry.metrics().dropped(unreportedDropped);
            unreportedDropped = 0;
        }
    }

    void noteError(CloseReason reason, Errno e) {
        if (pendingReason == null) {
            pendingReason = reason;
            pendingErrno = e;
        }
    }

    /** The channel went inactive: redial (outbound with a policy) or end the session. */
    void onInactive() {
        readComplete();
        CloseReason reason = pendingReason != null ? pendingReason : CloseReason.CLIENT_CLOSED;
        Errno e = pendingErrno;
        this.channel = null;
        Outbound ob = outbound;
        if (ob != null) {
            ob.redialOrFinish(this, reason, e);
        } else {
            finish(reason, e);
        }
    }

    void finish(CloseReason reason, Errno e) {
        if (state == SessionState.CLOSED) {
            return;
        }
        this.closeReason = reason;
        this.errno = e;
        this.closedAt = Instant.now();
        this.state = SessionState.CLOSED;
        buffer.close();
        registry.closed(this, reason, e);
    }

    void recordDialFailure(Errno e) {
        this.errno = e;
    }

    void setOpenedAtIfAbsent() {
        if (openedAt == null) {
            openedAt = Instant.now();
        }
    }

    public EventLoop loop() {
        return loop;
    }

    Channel channel() {
        return channel;
    }

    private static String format(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress() == null ? i.getHostString() + ":" + i.getPort()
                    : i.getAddress().getHostAddress() + ":" + i.getPort();
        }
        return a == null ? null : a.toString();
    }

    private final class BufferListener implements ReceiveBuffer.Listener {
        @Override
        public void pause() {
            Channel ch = channel;
            if (ch != null) {
                pauses++;
                ch.config().setAutoRead(false);
                registry.metrics().pause();
            }
        }

        @Override
        public void resume() {
            Channel ch = channel;
            if (ch != null && !ch.config().isAutoRead()) {
                ch.config().setAutoRead(true);
                ch.read();
            }
        }

        @Override
        public void dropped(int frames, long bytes) {
            // Appends happen on the event loop; the meter is told once per socket read (readComplete).
            droppedFrames += frames;
            unreportedDropped += frames;
        }
    }
}
