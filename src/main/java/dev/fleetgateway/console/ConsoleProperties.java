package dev.fleetgateway.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the operator console.
 *
 * @param tick how often live figures are sampled and pushed to open pages
 * @param chartWindow how far back the overview charts reach
 * @param maxStreams most console SSE streams open at once (503 beyond)
 * @param streamQueue events queued per console stream before it is dropped as too slow
 * @param pageSize rows per page of the module, outbox and history lists
 */
@ConfigurationProperties("gateway.console")
public record ConsoleProperties(
        @DefaultValue("2s") Duration tick,
        @DefaultValue("10m") Duration chartWindow,
        @DefaultValue("32") int maxStreams,
        @DefaultValue("256") int streamQueue,
        @DefaultValue("25") int pageSize) {

    public ConsoleProperties {
        if (tick.isNegative() || tick.isZero() || chartWindow.compareTo(tick) < 0) {
            throw new IllegalArgumentException("gateway.console.tick must be positive and at most chart-window");
        }
        if (maxStreams < 1 || streamQueue < 1 || pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("gateway.console.max-streams and stream-queue must be at least 1, "
                    + "page-size 1 to 500");
        }
    }

    /** Samples the charts keep. */
    public int samples() {
        return (int) Math.max(2, chartWindow.toMillis() / tick.toMillis());
    }
}
