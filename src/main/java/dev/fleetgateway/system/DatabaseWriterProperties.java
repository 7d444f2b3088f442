package dev.fleetgateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the one background database writer that session history, module registry writes and outbox
 * updates share.
 *
 * @param queue writes waiting for the writer thread; when full, a write is dropped and counted in
 *        {@code fleet.db.writer.dropped} (registry writes keep their keys and retry instead)
 */
@ConfigurationProperties("gateway.database-writer")
record DatabaseWriterProperties(@DefaultValue("10000") int queue) {

    public DatabaseWriterProperties {
        if (queue < 1) {
            throw new IllegalArgumentException("gateway.database-writer.queue must be at least 1, was " + queue);
        }
    }
}
