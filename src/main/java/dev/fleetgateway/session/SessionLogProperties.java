package dev.fleetgateway.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The INFO line per session opened and closed (logger {@code fleet.sessions}).
 *
 * @param enabled whether the lines are written at all ({@code logging.level.fleet.sessions=WARN} silences them too)
 * @param lines open and close lines together let through per {@code window}; the rest are counted, and the next
 *        line that passes says how many were suppressed, so a connect storm cannot flood the log
 * @param window the window {@code lines} applies to
 */
@ConfigurationProperties("gateway.session-log")
record SessionLogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") int lines,
        @DefaultValue("10s") Duration window) {

    SessionLogProperties {
        if (lines < 1) {
            throw new IllegalArgumentException("gateway.session-log.lines must be 1 or more");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("gateway.session-log.window must be positive");
        }
    }
}
