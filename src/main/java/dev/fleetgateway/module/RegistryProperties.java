package dev.fleetgateway.module;


import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the module registry: the writes that keep it current (modules registered at hello, last-seen
 * refreshed at close, virtual modules registered by the simulator) and who may claim a module key.
 *
 * @param maxPending distinct module keys waiting to be written; repeats of a waiting key cost nothing. Beyond
 *        it a write is dropped and counted in {@code fleet.registry.writes.dropped}
 * @param batchSize module keys written per database transaction (1 to 1000)
 * @param unknownModules what a hello with a key the registry does not know gets: REGISTER (accepted and
 *        registered), ACCEPT (accepted, not registered) or REJECT (closed). REJECT refuses anonymous sessions
 *        too: they are strangers as well
 * @param requireCredential refuse a hello of a module that has no credential (a module with one must always
 *        prove it)
 * @param maxCredentials credentials a module may hold that are not revoked (bounds the work of a hello)
 */
@ConfigurationProperties("gateway.registry")
public record RegistryProperties(
        @DefaultValue("100000") int maxPending,
        @DefaultValue("500") int batchSize,
        @DefaultValue("REGISTER") UnknownModules unknownModules,
        @DefaultValue("false") boolean requireCredential,
        @DefaultValue("5") int maxCredentials) {

    /** Policy for a hello whose key is not in the registry. */
    public enum UnknownModules { REGISTER, ACCEPT, REJECT }

    public RegistryProperties {
        if (maxPending < 1) {
            throw new IllegalArgumentException("gateway.registry.max-pending must be at least 1, was " + maxPending);
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("gateway.registry.batch-size must be 1 to 1000, was " + batchSize);
        }
        if (maxCredentials < 1 || maxCredentials > 100) {
            throw new IllegalArgumentException("gateway.registry.max-credentials must be 1 to 100, was "
                    + maxCredentials);
        }
    }

    /** The defaults, for tests and tools that build the registry by hand. */
    static RegistryProperties of(int maxPending, int batchSize) {
        return new RegistryProperties(maxPending, batchSize, UnknownModules.REGISTER, false, 5);
    }
}
