package dev.fleetgateway.simulator;

import java.time.Duration;

import dev.fleetgateway.usocket.Backoff;

/**
 * Cellular behaviour of a fleet's link, each part off unless asked for.
 *
 * @param connectLatency time a connect takes before the SYN leaves (radio attach, PDP context)
 * @param connectLatencyJitter random extra latency, 0 to this
 * @param meanTimeBetweenDrops mean of the exponential time between random disconnects (null: none)
 * @param natIdleTimeout a connection silent this long is dropped, like a carrier NAT does (null: never)
 * @param reconnect whether a module dials again after losing its connection
 * @param backoff reconnect delays
 * @param failSendsWhileReconnecting telemetry keeps trying while disconnected and counts errno 107 failures
 */
record Realism(Duration connectLatency, Duration connectLatencyJitter, Duration meanTimeBetweenDrops,
        Duration natIdleTimeout, boolean reconnect, Backoff backoff, boolean failSendsWhileReconnecting) {

    static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2.0, 0.2);

    static Realism none() {
        return new Realism(Duration.ZERO, Duration.ZERO, null, null, false, DEFAULT_BACKOFF, false);
    }
}
