package dev.fleetgateway.session.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the server-sent event streams ({@code /sessions/{id}/stream} and {@code /events}).
 *
 * @param maxSubscribers most SSE subscribers at once (503 beyond)
 * @param subscriberQueue events queued per subscriber before it is dropped as too slow
 * @param heartbeat interval of keep-alive comments, which also find departed clients
 */
@ConfigurationProperties("gateway.streams")
record StreamProperties(
        @DefaultValue("1000") int maxSubscribers,
        @DefaultValue("1024") int subscriberQueue,
        @DefaultValue("15s") Duration heartbeat) {

    public StreamProperties {
        if (maxSubscribers < 1 || subscriberQueue < 1) {
            throw new IllegalArgumentException("gateway.streams.max-subscribers and subscriber-queue must be at least 1");
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("gateway.streams.heartbeat must be positive, was " + heartbeat);
        }
    }
}
