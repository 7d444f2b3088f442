package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import java.time.Duration;

/**
 * What an outbound session dials, like {@code getaddrinfo(host, port)} then {@code connect}.
 *
 * @param host name or address
 * @param port TCP port
 * @param moduleKey module the session belongs to (optional)
 * @param framing framing of the stream (null: RAW)
 * @param connectTimeout TCP connect timeout (null: the configured default)
 * @param reconnect redial policy after a failure or a drop (null: none)
 */
public record DialSpec(String host, int port, String moduleKey, FramingSpec framing, Duration connectTimeout,
        ReconnectPolicy reconnect) {

    /**
     * Exponential back-off with jitter between attempts.
     *
     * @param minDelay first delay
     * @param maxDelay largest delay
     * @param multiplier growth per attempt
     * @param jitter random spread, 0..1 of the delay
     * @param maxAttempts attempts in a row before giving up (0: forever)
     */
    public record ReconnectPolicy(Duration minDelay, Duration maxDelay, Double multiplier, Double jitter,
            Integer maxAttempts) {

        long delayMillis(int attempt, java.util.random.RandomGenerator random) {
            long min = minDelay == null ? 1000 : minDelay.toMillis();
            long max = maxDelay == null ? 60_000 : maxDelay.toMillis();
            double mult = multiplier == null ? 2.0 : multiplier;
            double base = Math.min(max, min * Math.pow(mult, Math.max(0, attempt - 1)));
            double j = jitter == null ? 0.2 : jitter;
            double spread = base * j * (random.nextDouble() * 2 - 1);
            return Math.max(0, Math.round(base + spread));
        }

        boolean allows(int attempt) {
            return maxAttempts == null || maxAttempts <= 0 || attempt < maxAttempts;
        }
    }
}
