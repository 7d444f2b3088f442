package dev.fleetgateway.session;

import dev.fleetgateway.session.codec.FramingSpec;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the module port and of every session.
 *
 * @param enabled whether the module port listens (off for a simulator-only load tester)
 * @param bindAddress address the module port binds to
 * @param port the TCP port modules dial (0 picks a free port)
 * @param transport event-loop transport: AUTO (epoll where available), EPOLL or NIO
 * @param bossThreads threads accepting connections
 * @param workerThreads threads serving sockets (0: twice the cores)
 * @param maxSessions open sessions beyond which new connections are refused at accept (0: the process's open-file
 *        limit less {@code limits.open-file-reserve}, so a flood never starves HTTP, the database or the logs)
 * @param readIdle a session that receives nothing for this long while the gateway reads is closed with IDLE_TIMEOUT
 *        (0 disables); time paused by back-pressure does not count
 * @param tcpKeepalive enable SO_KEEPALIVE on module sockets
 * @param hello identification by hello line
 * @param duplicateKey what to do when a module key is already bound to an open session
 * @param framing framing of inbound sessions (outbound sessions choose their own)
 * @param receiveBuffer bytes buffered per session until read
 * @param overflow what happens when the receive buffer is full
 * @param receiveBufferTotal heap all receive buffers together may hold (payload plus per-frame overhead); when it
 *        is spent, sessions pause or drop as their overflow policy says. 0: 40% of the maximum heap
 * @param sendTimeout a send that has not been flushed by then is reported pending (its bytes stay written)
 * @param writeBufferHigh bytes queued towards a module beyond which sends fail fast (module not reading)
 * @param writeBufferLow bytes queued towards a module below which it counts as reading again
 * @param shutdownGrace how long open sessions may stay after shutdown starts before they are closed
 * @param closedRetention how long a closed session stays in the live table (for final reads)
 * @param closedMax how many closed sessions the live table keeps at most
 * @param connectTimeout default TCP connect timeout of outbound sessions
 * @param limits per-source and overall limits on inbound connections, refused at accept
 * @param tls the TLS module port
 */
@ConfigurationProperties("gateway.modules")
record SessionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("7700") int port,
        @DefaultValue("AUTO") Transport transport,
        @DefaultValue("1") int bossThreads,
        @DefaultValue("0") int workerThreads,
        @DefaultValue("0") int maxSessions,
        @DefaultValue("5m") Duration readIdle,
        @DefaultValue("true") boolean tcpKeepalive,
        @DefaultValue Hello hello,
        @DefaultValue("REPLACE") DuplicatePolicy duplicateKey,
        @DefaultValue Framing framing,
        @DefaultValue("1MB") DataSize receiveBuffer,
        @DefaultValue("BACKPRESSURE") OverflowPolicy overflow,
        @DefaultValue("0") DataSize receiveBufferTotal,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("256KB") DataSize writeBufferHigh,
        @DefaultValue("64KB") DataSize writeBufferLow,
        @DefaultValue("10s") Duration shutdownGrace,
        @DefaultValue("5m") Duration closedRetention,
        @DefaultValue("10000") int closedMax,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue Limits limits,
        @DefaultValue Tls tls) {

    /** Event-loop transport. */
    public enum Transport { AUTO, EPOLL, NIO }

    /** Policy for a second session with a key already bound. */
    public enum DuplicatePolicy { REPLACE, REJECT }

    /** Policy when a receive buffer is full. */
    public enum OverflowPolicy { BACKPRESSURE, DROP_OLDEST }

    /**
     * Hello-line identification.
     *
     * @param pattern regular expression with a named group {@code key}, matched against the first line; the
     *        optional groups {@code token} and {@code hmac} carry a proof of the module's credential
     * @param required close sessions that do not identify within the timeout
     * @param timeout how long a module may take to send its hello line
     * @param maxLength longest hello line in bytes
     * @param challenge send {@code NONCE:<hex>\r\n} to every inbound session first, so that a module can prove
     *        its credential by an HMAC of it instead of sending its token
     */
    public record Hello(
            @DefaultValue(DEFAULT_PATTERN) String pattern,
            @DefaultValue("false") boolean required,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("256") int maxLength,
            @DefaultValue("false") boolean challenge) {

        /** {@code IMEI:<key>}, optionally followed by {@code ;TOKEN:<token>} or {@code ;HMAC:<64 hex>}. */
        public static final String DEFAULT_PATTERN = "^IMEI:(?<key>[0-9A-Za-z_.:-]{1,64})"
                + "(?:;TOKEN:(?<token>[0-9A-Za-z_.~+/=-]{16,128})|;HMAC:(?<hmac>[0-9A-Fa-f]{64}))?\\r?$";
    }

    /**
     * Framing of the module port.
     *
     * @param mode RAW, DELIMITER, FIXED or LENGTH_FIELD
     * @param delimiter text (escapes \r \n \t) or hex as 0x7E
     * @param stripDelimiter strip the delimiter from frames
     * @param fixedLength frame length for FIXED
     * @param lengthFieldLength 1, 2 or 4 bytes
     * @param lengthFieldOffset offset of the length field
     * @param lengthAdjustment added to the length value
     * @param byteOrder BIG_ENDIAN or LITTLE_ENDIAN
     * @param stripHeader strip offset and length field from frames
     * @param maxFrameSize largest frame; larger closes the session with FRAME_TOO_LARGE
     */
    public record Framing(
            @DefaultValue("RAW") FramingSpec.Mode mode,
            @DefaultValue("\\r\\n") String delimiter,
            @DefaultValue("true") boolean stripDelimiter,
            @DefaultValue("0") int fixedLength,
            @DefaultValue("2") int lengthFieldLength,
            @DefaultValue("0") int lengthFieldOffset,
            @DefaultValue("0") int lengthAdjustment,
            @DefaultValue("BIG_ENDIAN") FramingSpec.Endian byteOrder,
            @DefaultValue("true") boolean stripHeader,
            @DefaultValue("64KB") DataSize maxFrameSize) {

        public FramingSpec toSpec() {
            return new FramingSpec(mode, delimiter, stripDelimiter, fixedLength == 0 ? null : fixedLength,
                    lengthFieldLength, lengthFieldOffset, lengthAdjustment, byteOrder, stripHeader, maxFrameSize);
        }
    }

    /**
     * Limits on inbound connections, checked at accept before a session exists.
     *
     * @param openFileReserve file descriptors kept free for HTTP, the database and files when {@code max-sessions}
     *        is derived from the open-file limit
     * @param sourceSessions open sessions one source address may hold (0: half of {@code max-sessions})
     * @param sourceConnectRate connects a second one source address may make, with a burst of as many (0: no limit)
     * @param connectRate connects a second all sources together may make, with a burst of as many (0: no limit)
     * @param sourceHelloFailures failed identifications (bad or missing hello, failed TLS handshake) within
     *        {@code failure-window} after which the source is refused for {@code failure-backoff} (0: never)
     * @param failureWindow the window failed identifications are counted in
     * @param failureBackoff how long a failing source is refused; doubled each time it trips again
     * @param maxFailureBackoff the longest back-off
     */
    public record Limits(
            @DefaultValue("1024") int openFileReserve,
            @DefaultValue("0") int sourceSessions,
            @DefaultValue("1000") int sourceConnectRate,
            @DefaultValue("5000") int connectRate,
            @DefaultValue("20") int sourceHelloFailures,
            @DefaultValue("1m") Duration failureWindow,
            @DefaultValue("30s") Duration failureBackoff,
            @DefaultValue("10m") Duration maxFailureBackoff) {
    }

    /** Whether a TLS client must, may or must not present a certificate. */
    public enum ClientAuth { NONE, WANT, NEED }

    /**
     * The TLS module port. TLS is on when {@code bundle} names a Spring Boot SSL bundle
     * ({@code spring.ssl.bundle.pem.<name>} or {@code .jks.<name>}); with {@code reload-on-update} a changed
     * certificate applies to new connections and live sessions keep theirs.
     *
     * @param bundle the SSL bundle with the server certificate (and the client CA for mutual TLS); unset: no TLS
     * @param port the TLS port (0 picks a free port)
     * @param plainPort whether the plain module port stays open beside the TLS port (during a migration)
     * @param clientAuth NONE, WANT (a certificate identifies the module when present) or NEED
     * @param keyFrom regular expression with a named group {@code key}, matched against the client certificate's
     *        subject (RFC 2253, e.g. {@code CN=8612...,O=Fleet}) and then each subject alternative name written as
     *        {@code DNS:name}, {@code URI:uri}, {@code EMAIL:address} or {@code IP:address}; the first match is
     *        the module key and no hello is needed. Empty: certificates never identify
     * @param handshakeTimeout a TLS handshake not finished by then closes the connection
     */
    public record Tls(
            String bundle,
            @DefaultValue("7743") int port,
            @DefaultValue("true") boolean plainPort,
            @DefaultValue("NONE") ClientAuth clientAuth,
            @DefaultValue("^CN=(?<key>[0-9A-Za-z_.:-]{1,64})(,.*)?$") String keyFrom,
            @DefaultValue("10s") Duration handshakeTimeout) {

        public boolean enabled() {
            return bundle != null && !bundle.isBlank();
        }
    }

    public int workerThreadCount() {
        return workerThreads > 0 ? workerThreads : 2 * Runtime.getRuntime().availableProcessors();
    }
}
