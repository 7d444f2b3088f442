package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import dev.fleetgateway.system.DurationRange;
import dev.fleetgateway.usocket.Backoff;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * What an outbound session dials, like {@code getaddrinfo(host, port)} then {@code connect}.
 *
 * @param host name or address
 * @param port TCP port
 * @param moduleKey module the session belongs to (optional)
 * @param framing framing of the stream (null: RAW)
 * @param connectTimeout TCP connect timeout (null: the configured default)
 * @param reconnect redial policy after a failure or a drop (null: none)
 * @param replace whether the dial may take {@code moduleKey} from a live session (closing it as REPLACED); without
 *        it a live module keeps its key and the dial is refused as a duplicate
 */
public record DialSpec(String host, int port, String moduleKey, FramingSpec framing, Duration connectTimeout,
        ReconnectPolicy reconnect, boolean replace) {

    /** A dial that never takes a live module's key. */
    public DialSpec(String host, int port, String moduleKey, FramingSpec framing, Duration connectTimeout,
            ReconnectPolicy reconnect) {
        this(host, port, moduleKey, framing, connectTimeout, reconnect, false);
    }

    /**
     * Exponential back-off with jitter between attempts; each part is bounded when it arrives over REST.
     *
     * @param minDelay first delay
     * @param maxDelay largest delay
     * @param multiplier growth per attempt
     * @param jitter random spread, 0..1 of the delay
     * @param maxAttempts attempts in a row before giving up (0: forever)
     */
    public record ReconnectPolicy(
            @DurationRange(min = MIN_DELAY, max = MAX_DELAY) Duration minDelay,
            @DurationRange(min = MIN_DELAY, max = MAX_DELAY) Duration maxDelay,
            @DecimalMin("1.0") @DecimalMax("10.0") Double multiplier,
            @DecimalMin("0.0") @DecimalMax("1.0") Double jitter,
            @Min(0) @Max(MAX_ATTEMPTS) Integer maxAttempts) {

        // A redial sooner than this is a busy loop against the peer (0s redialled ~14,000 times a second).
        static final String MIN_DELAY = "100ms";
        static final String MAX_DELAY = "1h";
        static final int MAX_ATTEMPTS = 1_000_000;

        /** This policy as firmware back-off, defaults filled in (1 s doubling up to 60 s, ± 20%). */
        Backoff backoff() {
            return new Backoff(minDelay == null ? Duration.ofSeconds(1) : minDelay,
                    maxDelay == null ? Duration.ofSeconds(60) : maxDelay, multiplier == null ? 2.0 : multiplier,
                    jitter == null ? 0.2 : jitter);
        }

        /** The delay before attempt number {@code attempt} (1 for the first retry). */
        long delayMillis(int attempt, RandomGenerator random) {
            return TimeUnit.NANOSECONDS.toMillis(backoff().delayNanos(attempt - 1, random));
        }

        boolean allows(int attempt) {
            return maxAttempts == null || maxAttempts <= 0 || attempt < maxAttempts;
        }
    }
}
