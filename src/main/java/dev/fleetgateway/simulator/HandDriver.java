package dev.fleetgateway.simulator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;

/** The usocket verbs of one module driven by hand over REST; the first verb pauses its profiles until resume. */
public final class HandDriver {

    private final SimulatedModule module;

    // no state of its own (that stays on the module's loop): a new one per request costs nothing
    HandDriver(SimulatedModule module) {
        this.module = module;
    }

    /** The module as the API shows it. */
    public ModuleStateView view() {
        return ModuleStateView.of(module);
    }

    /** {@code socket()}, {@code getaddrinfo()}, {@code connect()}, and the hello line when the fleet has it on. */
    public CompletableFuture<Void> connect() {
        return LoopCalls.onLoop(module.loop, () -> {
            takeOver();
            ModuleState state = module.state();
            if (state == ModuleState.RESOLVING || state == ModuleState.CONNECTING) {
                return CompletableFuture.failedFuture(new OsError(Errno.EALREADY, "connect in progress"));
            }
            SimSocket socket = module.socket();
            if (socket != null && socket.isEstablished()) {
                return CompletableFuture.failedFuture(new OsError(Errno.EISCONN, "socket is already connected"));
            }
            if (socket != null && !socket.isClosed()) {
                socket.close();
            }
            return module.dialer().open();
        });
    }

    /** {@code send(data)}: the byte count once flushed. */
    public CompletableFuture<Integer> send(byte[] data) {
        return LoopCalls.onLoop(module.loop, () -> {
            takeOver();
            return module.socket() == null
                    ? CompletableFuture.failedFuture(new OsError(Errno.ENOTCONN, "socket is not connected"))
                    : module.send(data);
        });
    }

    /** {@code recv(max)}; {@code timeout} null uses the module's {@code settimeout}/{@code setblocking}. */
    public CompletableFuture<byte[]> recv(int max, Duration timeout) {
        long maxWait = module.fleet.runtime().props().recvMaxWait().toNanos();
        return LoopCalls.onLoop(module.loop, () -> {
            takeOver();
            SimSocket socket = module.socket();
            if (socket == null) {
                return CompletableFuture.failedFuture(new OsError(Errno.ENOTCONN, "socket is not connected"));
            }
            long t = timeout != null ? timeout.toNanos() : module.recvTimeoutNanos();
            // a blocking socket still may not hold an HTTP request forever
            long bounded = t < 0 ? maxWait : Math.min(t, maxWait);
            return socket.recv(max, bounded);
        });
    }

    /** {@code close()}: no reconnect follows, even when the profiles take over again. */
    public CompletableFuture<Void> close() {
        return LoopCalls.onLoop(module.loop, () -> {
            takeOver();
            return module.closeSocket();
        });
    }

    /** {@code settimeout(seconds)}: null blocks, 0 is non-blocking. */
    public CompletableFuture<Void> settimeout(Duration timeout) {
        return LoopCalls.onLoop(module.loop, () -> {
            takeOver();
            module.recvTimeoutNanos(timeout == null ? -1 : timeout.toNanos());
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Hands the module back to its profiles; it dials again when it has no connection. */
    public CompletableFuture<Void> resume() {
        return LoopCalls.onLoop(module.loop, () -> {
            if (!module.isManual() || module.isStopped()) {
                return CompletableFuture.completedFuture(null);
            }
            module.manual(false);
            module.profile().resume();
            SimSocket socket = module.socket();
            if (socket != null && socket.isEstablished()) {
                module.profile().onConnected();
            } else if (!module.fleet.spec().profiles().isEmpty()) {
                if (socket != null && !socket.isClosed()) {
                    socket.close();
                }
                module.dialer().dial();
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    // the first hand-driven verb pauses the profiles and any planned reconnect
    private void takeOver() {
        if (module.isManual()) {
            return;
        }
        module.manual(true);
        module.profile().pause();
        module.dialer().cancel();
        if (module.state() == ModuleState.BACKING_OFF) {
            module.state(ModuleState.CLOSED);
        }
    }
}
