package dev.fleetgateway.simulator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;

import dev.fleetgateway.system.Payloads;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;
import dev.fleetgateway.usocket.TcpState;

/**
 * One virtual module: a usocket program on one event loop, and its socket's life from {@code socket()} to
 * {@code close()}. All its state is confined to that loop (so no locks); fields REST reads are volatile.
 * Profiles drive it and its {@link Dialer} dials, until a {@link HandDriver} verb takes over.
 */
final class SimulatedModule implements SimSocket.Events {

    private static final int PREVIEW = 256;

    final FleetContext fleet;
    final int index;
    final String key;
    final EventLoop loop;
    private final ProfileRunner profile;
    private final Dialer dialer;
    private final ModuleCounters counters = new ModuleCounters();
    private final LinkFaults faults;
    private SimSocket socket;
    // the socket REST threads read; `socket` itself is only touched on the loop
    private volatile SimSocket visibleSocket;
    private volatile ModuleState state = ModuleState.IDLE;
    private volatile boolean manual;
    private volatile Errno lastErrno;
    private volatile String lastDownlink;
    private volatile long timeoutNanos = -1;
    private boolean stopped;

    SimulatedModule(FleetContext fleet, int index, String key, EventLoop loop) {
        this.fleet = fleet;
        this.index = index;
        this.key = key;
        this.loop = loop;
        this.profile = new ProfileRunner(this, fleet.spec());
        this.dialer = new Dialer(this);
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

    /** The {@code settimeout} of hand-driven {@code recv} calls; null blocks. */
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
                dialer.dial();
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    CompletableFuture<Void> stop() {
        return LoopCalls.onLoop(loop, () -> {
            stopped = true;
            profile.stop();
            faults.disarm();
            dialer.cancel();
            state = ModuleState.STOPPED;
            return socket == null ? CompletableFuture.completedFuture(null) : socket.close();
        });
    }

    // ---- on the loop: used by profiles, the dialer and the hand driver ----

    Dialer dialer() {
        return dialer;
    }

    boolean isStopped() {
        return stopped;
    }

    void state(ModuleState next) {
        state = next;
    }

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

    /** The fresh socket of a dial: socket() is the first call of every connect. */
    SimSocket newSocket() {
        SimulatorProperties props = fleet.runtime().props();
        SimSocket s = new SimSocket(loop, fleet.runtime().transport().channelClass(),
                (int) props.receiveBuffer().toBytes(), props.maxRecvWaiters(), this);
        socket = s;
        visibleSocket = s;
        return s;
    }

    /** The TCP handshake completed: count it and arm the link's faults. */
    void connected(SimSocket s, long latencyNanos) {
        state = ModuleState.CONNECTED;
        counters.connects++;
        fleet.counters().connected(latencyNanos);
        faults.arm(s);
    }

    /** Set by the hand driver: while true, profiles and the dialer leave the socket alone. */
    void manual(boolean handDriven) {
        manual = handDriven;
    }

    /** {@code settimeout}: negative blocks, 0 is non-blocking. */
    void recvTimeoutNanos(long nanos) {
        timeoutNanos = nanos;
    }

    long recvTimeoutNanos() {
        return timeoutNanos;
    }

    // ---- socket events (on the loop) ----

    @Override
    public boolean onData(SimSocket s, byte[] data) {
        if (s != socket) {
            return true; // a late read of a replaced socket: drop it
        }
        counters.received(data.length);
        fleet.counters().framesReceived.increment();
        fleet.counters().bytesReceived.add(data.length);
        faults.activity();
        int n = Math.min(PREVIEW, data.length);
        lastDownlink = Payloads.encode(java.util.Arrays.copyOf(data, n), Payloads.Encoding.BASE64);
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
            dialer.retry();
        }
    }

    void error(Errno errno) {
        lastErrno = errno;
        fleet.counters().error(errno);
    }
}
