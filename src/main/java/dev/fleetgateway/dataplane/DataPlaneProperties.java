package dev.fleetgateway.dataplane;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The data-plane port ({@code gateway.data-plane}): a Netty HTTP/1.1 listener for the hot verbs beside the REST
 * port.
 *
 * @param enabled whether the data-plane port listens (off by default)
 * @param port its TCP port (0 picks a free port)
 * @param bindAddress address it binds to
 * @param maxContentLength largest request body; unset means the REST port's own bound
 *        ({@code gateway.api.max-payload} base64-encoded plus 64 KiB of JSON), so both refuse the same bodies
 * @param maxConnections open connections beyond which new ones are closed at once
 * @param idleTimeout a connection with no request (and no recv waiting) this long is closed
 * @param workerThreads threads of the bounded pool that serves what needs the registry or the outbox, decodes
 *        JWTs and starts calls forwarded to another replica
 * @param workerQueue calls waiting for that pool beyond which a call is answered 503
 * @param maxPendingRecvs recvs with a timeout and cursor reads with a wait waiting at once on this port, beyond
 *        which one is answered 429
 */
@ConfigurationProperties("gateway.data-plane")
public record DataPlaneProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("8083") int port,
        @DefaultValue("0.0.0.0") String bindAddress,
        DataSize maxContentLength,
        @DefaultValue("1000") int maxConnections,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("2") int workerThreads,
        @DefaultValue("256") int workerQueue,
        @DefaultValue("1000") int maxPendingRecvs) {

    /** The body bound in bytes: the configured one, else the REST port's for this payload limit. */
    public long contentLimit(DataSize maxPayload) {
        return maxContentLength != null ? maxContentLength.toBytes() : maxPayload.toBytes() * 4 / 3 + 64 * 1024;
    }
}
