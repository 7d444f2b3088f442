package dev.fleetgateway.simulator;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.ScheduledFuture;

import dev.fleetgateway.system.Futures;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;
import dev.fleetgateway.usocket.OutboundPolicy;
import dev.fleetgateway.usocket.OutboundRefusedException;

/** Dials for one module as its firmware does (socket, getaddrinfo, connect, hello), again after a back-off. */
final class Dialer {

    private final SimulatedModule module;
    private int attempt;
    private ScheduledFuture<?> retryTimer;

    Dialer(SimulatedModule module) {
        this.module = module;
    }

    /** Dials unless the module is stopped or driven by hand; a failure plans the next try. */
    void dial() {
        if (module.isStopped() || module.isManual()) {
            return;
        }
        open().whenComplete((v, ex) -> {
            if (ex != null) {
                module.fleet.counters().connectFailures.increment();
                SimSocket s = module.socket();
                if (s != null && !s.isClosed()) {
                    // e.g. the hello line failed on a fresh connection: close it so only this path reconnects
                    s.close();
                }
                if (Futures.unwrap(ex) instanceof OutboundRefusedException) {
                    // the target is refused: dialling again after a back-off would be refused again
                    module.state(ModuleState.CLOSED);
                    return;
                }
                retry();
            } else if (!module.isManual()) {
                module.profile().onConnected();
            }
        });
    }

    /** One connect on a fresh socket, without retries (the hand-driven connect calls this directly). */
    CompletableFuture<Void> open() {
        SimSocket s = module.newSocket();
        module.state(ModuleState.RESOLVING);
        long t0 = System.nanoTime();
        FleetSpec spec = module.fleet.spec();
        FleetSpec.Target target = spec.target(module.index);
        return module.fleet.runtime().resolver().getaddrinfo(target.host(), target.port(), module.loop)
                .thenCompose(this::afterConnectLatency)
                .thenCompose(address -> {
                    if (module.socket() != s || module.isStopped()) {
                        return CompletableFuture.failedFuture(new OsError(Errno.EBADF, "socket was replaced"));
                    }
                    if (!target.defaultTarget()) {
                        // judged on the address the connect uses, at every dial: a name may point elsewhere now
                        try {
                            module.fleet.runtime().policy().check(target.host(), address, OutboundPolicy.Caller.SIMULATOR);
                        } catch (OutboundRefusedException refused) {
                            return CompletableFuture.failedFuture(refused);
                        }
                    }
                    module.state(ModuleState.CONNECTING);
                    return s.connect(address, spec.sourceAddress(module.index), (int) spec.connectTimeout().toMillis(),
                            tls(target));
                })
                .thenCompose(v -> {
                    attempt = 0;
                    module.connected(s, System.nanoTime() - t0);
                    if (!spec.hello()) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return module.send(("IMEI:" + module.key + "\r\n").getBytes(StandardCharsets.US_ASCII))
                            .thenApply(n -> null);
                })
                .whenComplete((v, ex) -> {
                    if (ex != null && module.socket() == s && module.state() != ModuleState.CONNECTED) {
                        module.error(Errno.of(ex));
                        module.state(module.isStopped() ? ModuleState.STOPPED : ModuleState.CLOSED);
                    }
                });
    }

    // ussl.wrap_socket(sock, server_hostname=...) after connect: the handshake is part of the dial.
    private SimSocket.Tls tls(FleetSpec.Target target) {
        io.netty.handler.ssl.SslContext ctx = module.fleet.runtime().tls().current();
        if (ctx == null) {
            return null;
        }
        String name = module.fleet.runtime().props().target().tlsServerName();
        return new SimSocket.Tls(ctx, name == null || name.isBlank() ? target.host() : name);
    }

    /** Plans the next dial after the back-off, when the fleet's realism asks for reconnects. */
    void retry() {
        if (module.isStopped() || module.isManual()) {
            return;
        }
        Realism r = module.fleet.spec().realism();
        if (!r.reconnect()) {
            module.state(ModuleState.CLOSED);
            return;
        }
        if (module.state() == ModuleState.BACKING_OFF) {
            return; // one reconnect timer at a time
        }
        module.state(ModuleState.BACKING_OFF);
        module.fleet.counters().reconnectAttempts.increment();
        retryTimer = module.loop.schedule(this::dial, r.backoff().delayNanos(attempt++), TimeUnit.NANOSECONDS);
    }

    void cancel() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
    }

    // radio attach and PDP context take time before the SYN leaves
    private CompletableFuture<InetSocketAddress> afterConnectLatency(InetSocketAddress address) {
        Realism r = module.fleet.spec().realism();
        long delay = r.connectLatency().toNanos();
        if (!r.connectLatencyJitter().isZero()) {
            delay += ThreadLocalRandom.current().nextLong(r.connectLatencyJitter().toNanos() + 1);
        }
        if (delay <= 0) {
            return CompletableFuture.completedFuture(address);
        }
        CompletableFuture<InetSocketAddress> later = new CompletableFuture<>();
        module.loop.schedule(() -> later.complete(address), delay, TimeUnit.NANOSECONDS);
        return later;
    }
}
