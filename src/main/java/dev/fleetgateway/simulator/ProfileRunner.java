package dev.fleetgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.ScheduledFuture;

import dev.fleetgateway.system.Payloads;
import dev.fleetgateway.usocket.Errno;
import dev.fleetgateway.usocket.OsError;

/**
 * The firmware program of one virtual module: the seed script, echo, telemetry and request-response, driven by
 * the module's socket events on its event loop. Paused while a user drives the module by hand.
 */
final class ProfileRunner {

    private static final byte[] SEED_PAYLOAD = "1234567890\r\n".getBytes(StandardCharsets.US_ASCII);

    private final SimulatedModule module;
    private final FleetSpec spec;
    private final UplinkFramer framer;
    private boolean paused;
    private boolean stopped;
    private long counter;
    private ScheduledFuture<?> telemetryTimer;
    private volatile SeedResult seed;

    ProfileRunner(SimulatedModule module, FleetSpec spec) {
        this.module = module;
        this.spec = spec;
        this.framer = new UplinkFramer(spec.framing());
    }

    SeedResult seed() {
        return seed;
    }

    void start() {
        if (spec.profiles().contains(Profile.TELEMETRY)) {
            // the first message at a random point of the interval, so a fleet does not report in lockstep
            scheduleTelemetry(ThreadLocalRandom.current().nextLong(spec.telemetry().interval().toNanos() + 1));
        }
    }

    void pause() {
        paused = true;
        cancelTelemetry();
        if (module.socket() != null) {
            module.socket().cancelWaiters(new OsError(Errno.EAGAIN, "module taken over by hand"));
        }
    }

    void resume() {
        paused = false;
        if (!stopped) {
            start();
        }
    }

    void stop() {
        stopped = true;
        cancelTelemetry();
    }

    void onConnected() {
        if (paused || stopped || !spec.profiles().contains(Profile.SEED)) {
            return;
        }
        SimSocket s = module.socket();
        int[] sent = {0};
        module.send(SEED_PAYLOAD).thenCompose(n -> {
            sent[0] = n;
            return s.recv(1024, spec.seedRecvTimeout().toNanos());
        }).thenAccept(data -> {
            seed = new SeedResult(sent[0], data.length, Payloads.encode(data, Payloads.Encoding.BASE64), null);
            module.closeSocket();
        }).exceptionally(ex -> {
            if (!paused && module.socket() == s) {
                seed = new SeedResult(sent[0], 0, null, Errno.of(ex));
                module.closeSocket();
            }
            return null;
        });
    }

    void onDownlink(byte[] data) {
        if (paused || stopped) {
            return;
        }
        if (spec.profiles().contains(Profile.ECHO)) {
            module.send(data);
        }
        if (spec.profiles().contains(Profile.REQUEST_RESPONSE)) {
            // rules match per line; a downlink usually is one command such as AT+CSQ\r\n
            for (String line : new String(data, StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                for (FleetSpec.Rule rule : spec.rules()) {
                    if (ReplyPatterns.find(rule.pattern(), line)) {
                        module.send(framer.frame(rule.reply()));
                        break;
                    }
                }
            }
        }
    }

    private void scheduleTelemetry(long delayNanos) {
        telemetryTimer = module.loop.schedule(this::telemetryTick, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void telemetryTick() {
        if (paused || stopped) {
            return;
        }
        if (module.isEstablished()) {
            String payload = spec.telemetry().template().render(module.key, ++counter, System.currentTimeMillis());
            module.send(framer.frame(payload));
        } else if (spec.realism().failSendsWhileReconnecting()) {
            module.sendFailed(Errno.ENOTCONN);
        }
        long interval = spec.telemetry().interval().toNanos();
        long jitter = spec.telemetry().jitter().toNanos();
        long next = jitter == 0 ? interval : interval + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        scheduleTelemetry(Math.max(1, next));
    }

    private void cancelTelemetry() {
        if (telemetryTimer != null) {
            telemetryTimer.cancel(false);
        }
    }
}
