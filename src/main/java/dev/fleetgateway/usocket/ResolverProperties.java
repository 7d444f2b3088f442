package dev.fleetgateway.usocket;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code getaddrinfo}, shared by outbound sessions and virtual modules.
 *
 * @param threads threads doing name lookups (blocking JDK calls, never on an event loop)
 * @param queue lookups waiting for a thread; beyond it a lookup fails at once with errno 202
 * @param timeout how long a lookup may take before it fails with errno 202
 */
@ConfigurationProperties("gateway.resolver")
record ResolverProperties(
        @DefaultValue("4") int threads,
        @DefaultValue("1024") int queue,
        @DefaultValue("5s") Duration timeout) {

    public ResolverProperties {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("gateway.resolver.threads must be 1 to 64, was " + threads);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("gateway.resolver.queue must be at least 1, was " + queue);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("gateway.resolver.timeout must be positive, was " + timeout);
        }
    }
}
