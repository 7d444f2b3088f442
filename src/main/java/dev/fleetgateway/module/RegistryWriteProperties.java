package dev.fleetgateway.module;


import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the writes that keep the module registry current (modules registered at hello, last-seen
 * refreshed at close, virtual modules registered by the simulator).
 *
 * @param maxPending distinct module keys waiting to be written; repeats of a waiting key cost nothing. Beyond
 *        it a write is dropped and counted in {@code fleet.registry.writes.dropped}
 * @param batchSize module keys written per database transaction (1 to 1000)
 */
@ConfigurationProperties("gateway.registry")
record RegistryWriteProperties(
        @DefaultValue("100000") int maxPending,
        @DefaultValue("500") int batchSize) {

    public RegistryWriteProperties {
        if (maxPending < 1) {
            throw new IllegalArgumentException("gateway.registry.max-pending must be at least 1, was " + maxPending);
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("gateway.registry.batch-size must be 1 to 1000, was " + batchSize);
        }
    }
}
