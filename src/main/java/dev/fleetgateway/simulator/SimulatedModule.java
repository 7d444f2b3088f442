package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.TcpState;

import dev.fleetgateway.usocket.OsError;

import dev.fleetgateway.usocket.Errno;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One virtual module: a usocket program on one event loop. All its state is confined to that loop (so no locks);
 * fields REST reads are volatile. Profiles drive it until a hand-driven verb takes over.
 */
final class SimulatedModule implements SimSocket.Listener {

    private static final int PREVIEW = 256;

    final Fleet fleet;
    final int index;
    final String key;
    final EventLoop loop;
    private final ProfileRunner profile;
    private final ModuleCounters counters = new ModuleCounters();
    private SimSocket socket;
    private volatile SimSocket visibleSocket;
    private volatile ModuleState state = ModuleState.IDLE;
    private volatile boolean manual;
    private volatile Errno lastErrno;
    private volatile String lastDownlink;
    private volatile long timeoutNanos = -1;
    private boolean stopped;
    private int attempt;
    private final LinkFaults faults;
    private ScheduledFuture<?> reconnectTimer;

    SimulatedModule(Fleet fleet, int index, String key, EventLoop loop) {
        this.fleet = fleet;
        this.index = index;
        this.key = key;
        this.loop = loop;
        this.profile = new ProfileRunner(this, fleet.spec());
        this.faults = new LinkFaults(loop, fleet.spec().realism(), (s, cause) -> {
            counters.drops++;
            fleet.counters().drops.increment();
        });
    }

    // ---- what REST reads (any thread) ----

    ModuleState state() {
        return state;
    }

    boolean isManual() {
        return manual;
    }

    Errno lastErrno() {
        return lastErrno;
    }

    String lastDownlink() {
        return lastDownlink;
    }

    ModuleCounters counters() {
        return counters;
    }

    ProfileRunner profile() {
        return profile;
    }

    int sta() {
        SimSocket s = visibleSocket;
        return s == null ? TcpState.CLOSED_SOCKET : s.sta();
    }

    int buffered() {
        SimSocket s = visibleSocket;
        return s == null ? 0 : s.buffered();
    }

    Duration recvTimeout() {
        long t = timeoutNanos;
        return t < 0 ? null : Duration.ofNanos(t);
    }

    // ---- life cycle (called from any thread, runs on the loop) ----

    void start(long delayNanos) {
        loop.schedule(() -> {
            if (stopped) {
                return;
            }
            profile.start();
            if (!fleet.spec().profiles().isEmpty()) {
                dial();
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    CompletableFuture<Void> stop() {
        return LoopCalls.onLoop(loop, () -> {
            stopped = true;
            profile.stop();
            faults.disarm();
            cancel(reconnectTimer);
            state = ModuleState.STOPPED;
            return socket == null ? CompletableFuture.completedFuture(null) : socket.close();
        });
    }

    // ---- used by profiles (on the loop) ----

    boolean isEstablished() {
        return socket != null && socket.isEstablished();
    }

    SimSocket socket() {
        return socket;
    }

    /** Sends on the current socket and counts it; failures are counted and recorded, not thrown at profiles. */
    CompletableFuture<Integer> send(byte[] data) {
        if (socket == null) {
            OsError e = new OsError(Errno.ENOTCONN, "socket is not connected");
            sendFailed(e.errno());
            return CompletableFuture.failedFuture(e);
        }
        return socket.send(data).whenComplete((n, ex) -> {
            if (ex == null) {
                counters.sent(n);
                fleet.counters().framesSent.increment();
                fleet.counters().bytesSent.add(n);
                faults.activity();
            } else {
                sendFailed(Errno.of(ex));
            }
        });
    }

    void sendFailed(Errno errno) {
        counters.sendFailures++;
        fleet.counters().sendFailures.increment();
        error(errno);
    }

    /** Closes the socket on purpose (seed script end, hand-driven close): no reconnect follows. */
    CompletableFuture<Void> closeSocket() {
        faults.disarm();
        state = ModuleState.CLOSED;
        return socket == null ? CompletableFuture.completedFuture(null) : socket.close();
    }

    void recordDownlinkPreview(byte[] data) {
        int n = Math.min(PREVIEW, data.length);
        lastDownlink = new String(data, 0, n, StandardCharsets.UTF_8);
    }

    // ---- dialing, as firmware does ----

    private void dial() {
        if (stopped || manual) {
            return;
        }
        open().whenComplete((v, ex) -> {
            if (ex != null) {
                fleet.counters().connectFailures.increment();
                if (socket != null && !socket.isClosed()) {
                    // e.g. the hello line failed on a fresh connection: close it so only this path reconnects
                    socket.close();
                }
                scheduleReconnect();
            } else if (!manual) {
                profile.onConnected();
            }
        });
    }

    /** socket(), getaddrinfo(), connect() and the optional hello line. Runs on the loop. */
    private CompletableFuture<Void> open() {
        SimSocket s = new SimSocket(loop, fleet.runtime().transport().channelClass(),
                (int) fleet.runtime().props().receiveBuffer().toBytes(), fleet.runtime().props().maxRecvWaiters(), this);
        socket = s;
        visibleSocket = s;
        state = ModuleState.RESOLVING;
        long t0 = System.nanoTime();
        FleetSpec spec = fleet.spec();
        return fleet.runtime().resolver().getaddrinfo(spec.host(), spec.port(), loop)
                .thenCompose(this::afterConnectLatency)
                .thenCompose(address -> {
                    if (socket != s || stopped) {
                        return CompletableFuture.failedFuture(new OsError(Errno.EBADF, "socket was replaced"));
                    }
                    state = ModuleState.CONNECTING;
                    return s.connect(address, spec.sourceAddress(index), (int) spec.connectTimeout().toMillis());
                })
                .thenCompose(v -> {
                    connected(s, System.nanoTime() - t0);
                    if (!spec.hello()) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return send(("IMEI:" + key + "\r\n").getBytes(StandardCharsets.US_ASCII)).thenApply(n -> null);
                })
                .whenComplete((v, ex) -> {
                    if (ex != null && socket == s && state != ModuleState.CONNECTED) {
                        error(Errno.of(ex));
                        state = stopped ? ModuleState.STOPPED : ModuleState.CLOSED;
                    }
                });
    }

    private CompletableFuture<InetSocketAddress> afterConnectLatency(InetSocketAddress address) {
        Realism r = fleet.spec().realism();
        long delay = r.connectLatency().toNanos();
        if (!r.connectLatencyJitter().isZero()) {
            delay += ThreadLocalRandom.current().nextLong(r.connectLatencyJitter().toNanos() + 1);
        }
        if (delay <= 0) {
            return CompletableFuture.completedFuture(address);
        }
        CompletableFuture<InetSocketAddress> later = new CompletableFuture<>();
        loop.schedule(() -> later.complete(address), delay, TimeUnit.NANOSECONDS);
        return later;
    }

    private void connected(SimSocket s, long latencyNanos) {
        state = ModuleState.CONNECTED;
        attempt = 0;
        counters.connects++;
        fleet.counters().connected(latencyNanos);
        faults.arm(s);
    }

    private void scheduleReconnect() {
        if (stopped || manual) {
            return;
        }
        Realism r = fleet.spec().realism();
        if (!r.reconnect()) {
            state = ModuleState.CLOSED;
            return;
        }
        if (state == ModuleState.BACKING_OFF) {
            return; // one reconnect timer at a time
        }
        state = ModuleState.BACKING_OFF;
        fleet.counters().reconnectAttempts.increment();
        reconnectTimer = loop.schedule(this::dial, r.backoff().delayNanos(attempt++), TimeUnit.NANOSECONDS);
    }

    // ---- socket events ----

    @Override
    public boolean onData(SimSocket s, byte[] data) {
        if (s != socket) {
            return true; // a late read of a replaced socket: drop it
        }
        counters.received(data.length);
        fleet.counters().framesReceived.increment();
        fleet.counters().bytesReceived.add(data.length);
        faults.activity();
        recordDownlinkPreview(data);
        if (!manual && fleet.spec().consumesDownlinks()) {
            profile.onDownlink(data);
            return true;
        }
        return false;
    }

    @Override
    public void onDisconnected(SimSocket s, OsError error) {
        if (s != socket) {
            return;
        }
        faults.disarm();
        fleet.counters().disconnects.increment();
        if (error != null) {
            error(error.errno());
        }
        if (s.isClosed() || stopped) {
            return; // closed on purpose
        }
        state = ModuleState.DISCONNECTED;
        if (!manual) {
            // firmware sees the error on its next call, closes the socket and dials again
            s.close();
            state = ModuleState.CLOSED;
            scheduleReconnect();
        }
    }

    // ---- hand-driven verbs (from REST threads) ----

    CompletableFuture<Void> handConnect() {
        return LoopCalls.onLoop(loop, () -> {
            takeOver();
            if (state == ModuleState.RESOLVING || state == ModuleState.CONNECTING) {
                return CompletableFuture.failedFuture(new OsError(Errno.EALREADY, "connect in progress"));
            }
            if (socket != null && socket.isEstablished()) {
                return CompletableFuture.failedFuture(new OsError(Errno.EISCONN, "socket is already connected"));
            }
            if (socket != null && !socket.isClosed()) {
                socket.close();
            }
            return open();
        });
    }

    CompletableFuture<Integer> handSend(byte[] data) {
        return LoopCalls.onLoop(loop, () -> {
            takeOver();
            return socket == null
                    ? CompletableFuture.failedFuture(new OsError(Errno.ENOTCONN, "socket is not connected"))
                    : send(data);
        });
    }

    /** {@code recv(max)}; {@code timeout} null uses the module's {@code settimeout}/{@code setblocking}. */
    CompletableFuture<byte[]> handRecv(int max, Duration timeout, Duration maxWait) {
        return LoopCalls.onLoop(loop, () -> {
            takeOver();
            if (socket == null) {
                return CompletableFuture.failedFuture(new OsError(Errno.ENOTCONN, "socket is not connected"));
            }
            long t = timeout != null ? timeout.toNanos() : timeoutNanos;
            // a blocking socket still may not hold an HTTP request forever
            long bounded = t < 0 ? maxWait.toNanos() : Math.min(t, maxWait.toNanos());
            return socket.recv(max, bounded);
        });
    }

    CompletableFuture<Void> handClose() {
        return LoopCalls.onLoop(loop, () -> {
            takeOver();
            return closeSocket();
        });
    }

    /** {@code settimeout(seconds)}: null blocks, 0 is non-blocking. */
    CompletableFuture<Void> settimeout(Duration timeout) {
        return LoopCalls.onLoop(loop, () -> {
            takeOver();
            timeoutNanos = timeout == null ? -1 : timeout.toNanos();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Hands the module back to its profiles; it dials again when it has no connection. */
    CompletableFuture<Void> resume() {
        return LoopCalls.onLoop(loop, () -> {
            if (!manual || stopped) {
                return CompletableFuture.completedFuture(null);
            }
            manual = false;
            profile.resume();
            if (socket != null && socket.isEstablished()) {
                profile.onConnected();
            } else if (!fleet.spec().profiles().isEmpty()) {
                if (socket != null && !socket.isClosed()) {
                    socket.close();
                }
                dial();
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    private void takeOver() {
        if (manual) {
            return;
        }
        manual = true;
        profile.pause();
        cancel(reconnectTimer);
        if (state == ModuleState.BACKING_OFF) {
            state = ModuleState.CLOSED;
        }
    }

    private void error(Errno errno) {
        lastErrno = errno;
        fleet.counters().error(errno);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
