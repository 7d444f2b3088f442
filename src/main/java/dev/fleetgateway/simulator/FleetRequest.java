package dev.fleetgateway.simulator;

import java.util.List;

import dev.fleetgateway.session.codec.FramingSpec;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/v1/simulator/fleets}; absent fields take their defaults. */
@Schema(description = "A fleet of virtual modules to start. Durations are like 10s, 500ms, 2m, PT10S or a "
        + "number of seconds.")
public record FleetRequest(
        @Schema(description = "Label of the fleet", example = "load-test-1") String name,
        @Schema(description = "Modules to start", example = "100", defaultValue = "1") Integer count,
        @Schema(description = "Host the modules dial; default gateway.simulator.target.host", example = "127.0.0.1")
        String host,
        @Schema(description = "Port the modules dial; default this gateway's module port", example = "7700")
        Integer port,
        @Schema(description = "1-10 digits the 15-digit IMEI-like keys start with (index zero-padded, Luhn check "
                + "digit last); default 99 plus the fleet number", example = "86432105") String keyPrefix,
        @Schema(description = "Behaviour profiles; SEED runs alone, the others combine. Empty: modules stay "
                + "idle until driven by hand", example = "[\"TELEMETRY\",\"ECHO\"]") List<Profile> profiles,
        @Schema(description = "TELEMETRY settings") TelemetryRequest telemetry,
        @Schema(description = "REQUEST_RESPONSE rules, first match wins") List<RuleRequest> replies,
        @Schema(description = "How long the SEED script waits in recv(1024); 100ms to 1h", example = "10s") String seedRecvTimeout,
        @Schema(description = "Framing of telemetry and replies; default DELIMITER \\r\\n") FramingSpec framing,
        @Schema(description = "Send IMEI:<key>\\r\\n right after connect", defaultValue = "true") Boolean hello,
        @Schema(description = "Cellular realism, each part off unless set") RealismRequest realism,
        @Schema(description = "Spread the first connects at random over this long; up to 1h", example = "5s") String rampUp,
        @Schema(description = "TCP connect timeout, 100ms to 5m; default gateway.simulator.connect-timeout",
                example = "10s")
        String connectTimeout,
        @Schema(description = "Local IP addresses (literals, at most " + MAX_SOURCE_ADDRESSES
                + ") the modules dial from: module i binds sourceAddresses[i % n], port 0, before each connect. "
                + "One source/destination address pair has only the kernel's ephemeral ports (about 28,000 on "
                + "Linux); on Linux all of 127.0.0.0/8 is loopback. Empty: the OS picks the source address",
                example = "[\"127.0.0.2\",\"127.0.0.3\"]") List<String> sourceAddresses,
        @Schema(description = "Several servers to spread the fleet over (at most " + MAX_TARGETS + "), instead of host "
                + "and port: module i dials targets[i % n], on every reconnect too, as if each module had been "
                + "given one replica's address. Empty: host and port") List<TargetRequest> targets) {

    /** Most source addresses of one fleet: enough for ~1.8 M connections to one destination; more is a mistake. */
    static final int MAX_SOURCE_ADDRESSES = 64;

    /** Most targets of one fleet. */
    static final int MAX_TARGETS = 64;

    /** A fleet dialling one target (host and port, or their defaults). */
    public FleetRequest(String name, Integer count, String host, Integer port, String keyPrefix, List<Profile> profiles,
            TelemetryRequest telemetry, List<RuleRequest> replies, String seedRecvTimeout, FramingSpec framing,
            Boolean hello, RealismRequest realism, String rampUp, String connectTimeout, List<String> sourceAddresses) {
        this(name, count, host, port, keyPrefix, profiles, telemetry, replies, seedRecvTimeout, framing, hello, realism,
                rampUp, connectTimeout, sourceAddresses, null);
    }

    /** One server a part of the fleet dials. */
    @Schema(description = "A server modules dial: host name or IP literal, and port")
    public record TargetRequest(@Schema(example = "10.0.0.11") String host, @Schema(example = "7700") Integer port) {
    }

    /** Telemetry settings. */
    @Schema(description = "Telemetry: a payload every interval plus or minus jitter")
    public record TelemetryRequest(
            @Schema(description = "10ms to 1d", example = "10s", defaultValue = "10s") String interval,
            @Schema(description = "Each interval varies at random by up to this much; shorter than interval",
                    example = "1s") String jitter,
            @Schema(description = "Fields: {counter} {timestamp} {key} {random} {random:min:max}",
                    example = "{\"imei\":\"{key}\",\"seq\":{counter},\"ts\":{timestamp},\"rssi\":{random:-110:-60}}")
            String template) {
    }

    /** A request-response rule. */
    @Schema(description = "Answer downlink lines matching pattern with reply")
    public record RuleRequest(
            @Schema(description = "RE2 regular expression (linear time: no backreferences or lookaround), found "
                    + "anywhere in a downlink line", example = "AT\\+CSQ")
            String pattern,
            @Schema(description = "Reply, framed like telemetry", example = "+CSQ: 23,99") String reply) {
    }

    /** Cellular realism settings. */
    @Schema(description = "Cellular realism")
    public record RealismRequest(
            @Schema(description = "Delay before each connect; up to 5m", example = "800ms") String connectLatency,
            @Schema(description = "Random extra connect delay, 0 to this; up to 5m", example = "400ms") String connectLatencyJitter,
            @Schema(description = "Mean time between random disconnects (exponential); 100ms to 30d",
                    example = "5m")
            String meanTimeBetweenDrops,
            @Schema(description = "Drop a connection silent this long (carrier NAT); 100ms to 1d", example = "2m") String natIdleTimeout,
            @Schema(description = "Reconnect after losing the connection", defaultValue = "false") Boolean reconnect,
            @Schema(description = "First reconnect delay; 100ms to 1h", example = "1s") String backoffInitial,
            @Schema(description = "Longest reconnect delay; 100ms to 1h", example = "60s") String backoffMax,
            @Schema(description = "Growth of the delay per failed attempt, 1 to 10", example = "2.0") Double backoffMultiplier,
            @Schema(description = "Random spread of each delay, fraction 0-1", example = "0.2") Double backoffJitter,
            @Schema(description = "Telemetry keeps trying while disconnected; each try fails with errno 107",
                    defaultValue = "false") Boolean failSendsWhileReconnecting) {
    }
}
