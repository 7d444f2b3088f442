package dev.fleetgateway.system;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and exposure of the REST API shared by every feature that reads or sends payloads (sessions, outbox,
 * simulator).
 *
 * @param maxPayload largest payload of one send (413 beyond)
 * @param maxRecv largest {@code max} of one recv
 * @param maxWait longest timeout/wait of a blocking read
 * @param docsEnabled serve Swagger UI and the OpenAPI document (springdoc follows this switch)
 * @param cors cross-origin access from browsers; off unless origins are listed
 */
@ConfigurationProperties("gateway.api")
public record ApiProperties(
        @DefaultValue("1MB") DataSize maxPayload,
        @DefaultValue("1MB") DataSize maxRecv,
        @DefaultValue("5m") Duration maxWait,
        @DefaultValue("true") boolean docsEnabled,
        @DefaultValue Cors cors) {

    /**
     * CORS for {@code /api/**}: which browser origins may call the API from their pages.
     *
     * @param allowedOrigins origins such as {@code https://console.example.com} (patterns like
     *        {@code https://*.example.com} allowed); empty turns CORS off, so no other origin's page can read an
     *        answer or send a JSON request
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(
            @DefaultValue List<String> allowedOrigins,
            @DefaultValue("30m") Duration maxAge) {

        /** Whether any origin is allowed. */
        public boolean enabled() {
            return !allowedOrigins.isEmpty();
        }
    }
}
