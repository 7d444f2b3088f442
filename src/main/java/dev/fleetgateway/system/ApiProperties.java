package dev.fleetgateway.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API shared by every feature that reads or sends payloads (sessions, outbox, simulator).
 *
 * @param maxPayload largest payload of one send (413 beyond)
 * @param maxRecv largest {@code max} of one recv
 * @param maxWait longest timeout/wait of a blocking read
 */
@ConfigurationProperties("gateway.api")
public record ApiProperties(
        @DefaultValue("1MB") DataSize maxPayload,
        @DefaultValue("1MB") DataSize maxRecv,
        @DefaultValue("5m") Duration maxWait) {
}
