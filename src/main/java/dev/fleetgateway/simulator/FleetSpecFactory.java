package dev.fleetgateway.simulator;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.util.NetUtil;
import org.springframework.boot.convert.DurationStyle;

import dev.fleetgateway.session.codec.FramingSpec;
import dev.fleetgateway.system.DurationRangeValidator;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.Backoff;

/** Turns a {@link FleetRequest} into a {@link FleetSpec}, naming every invalid field at once. */
final class FleetSpecFactory {

    private static final String DEFAULT_TEMPLATE = "{\"imei\":\"{key}\",\"seq\":{counter},\"ts\":{timestamp}}";
    private static final FramingSpec CRLF = new FramingSpec(FramingSpec.Mode.DELIMITER, "\\r\\n", true,
            null, null, null, null, null, null, null);

    private final List<Map<String, Object>> errors = new ArrayList<>();

    private FleetSpecFactory() {
    }

    /** Validates {@code req}; {@code host}/{@code port} are the defaults already resolved by the caller. */
    static FleetSpec create(FleetRequest req, String defaultPrefix, String host, int port, Duration connectTimeout) {
        return new FleetSpecFactory().build(req, defaultPrefix, host, port, connectTimeout);
    }

    private FleetSpec build(FleetRequest req, String defaultPrefix, String host, int port, Duration connectTimeout) {
        int count = req.count() == null ? 1 : req.count();
        if (count < 0) {
            error("count", "must be 0 or more");
        }
        String h = req.host() == null || req.host().isBlank() ? host : req.host().trim();
        int p = req.port() == null ? port : req.port();
        boolean spread = req.targets() != null && !req.targets().isEmpty();
        if (!spread && (p < 1 || p > 65535)) {
            error("port", req.port() == null ? "no default target port: this gateway's module port is not listening"
                    : "must be between 1 and 65535");
        }
        String prefix = req.keyPrefix() == null ? defaultPrefix : req.keyPrefix();
        if (!ImeiKeys.isValidPrefix(prefix)) {
            error("keyPrefix", "must be 1-10 digits");
        } else if (count > ImeiKeys.capacity(prefix)) {
            error("keyPrefix", "leaves room for only " + ImeiKeys.capacity(prefix) + " modules");
        }
        Set<Profile> profiles = EnumSet.noneOf(Profile.class);
        if (req.profiles() != null) {
            for (Profile profile : req.profiles()) {
                if (profile == null) {
                    error("profiles", "must not contain null");
                } else {
                    profiles.add(profile);
                }
            }
        }
        if (profiles.contains(Profile.SEED) && profiles.size() > 1) {
            error("profiles", "SEED is a one-shot script and cannot combine with other profiles");
        }
        FleetSpec.Telemetry telemetry = telemetry(req.telemetry());
        List<FleetSpec.Rule> rules = rules(req.replies(), profiles.contains(Profile.REQUEST_RESPONSE));
        FramingSpec framing = req.framing() == null ? CRLF : req.framing();
        String framingError = framing.validate();
        if (framingError != null) {
            error("framing", framingError);
        }
        Realism realism = realism(req.realism());
        Duration seedTimeout = bounded("seedRecvTimeout", req.seedRecvTimeout(), Duration.ofSeconds(10), "100ms", "1h");
        Duration rampUp = bounded("rampUp", req.rampUp(), Duration.ZERO, "0s", "1h");
        Duration timeout = bounded("connectTimeout", req.connectTimeout(), connectTimeout, "100ms", "5m");
        List<FleetSpec.Target> targets = targets(req, new FleetSpec.Target(h, p, h != null && h.equals(host) && p == port),
                host, port);
        List<InetAddress> sources = sourceAddresses(req.sourceAddresses(),
                targets.stream().map(FleetSpec.Target::host).toList());
        if (!errors.isEmpty()) {
            throw invalid();
        }
        String name = req.name() == null || req.name().isBlank() ? null : req.name().strip();
        FleetSpec.Target first = targets.get(0);
        return new FleetSpec(name, count, first.host(), first.port(), prefix, Set.copyOf(profiles), telemetry, rules,
                seedTimeout, framing, req.hello() == null || req.hello(), realism, rampUp, timeout, sources,
                first.defaultTarget(), targets);
    }

    // One target from host and port (or their defaults), or the list of targets a fleet spreads over.
    private List<FleetSpec.Target> targets(FleetRequest req, FleetSpec.Target single, String defaultHost,
            int defaultPort) {
        List<FleetRequest.TargetRequest> values = req.targets();
        if (values == null || values.isEmpty()) {
            return List.of(single);
        }
        if (req.host() != null || req.port() != null) {
            error("targets", "replaces host and port: give one or the other");
        }
        if (values.size() > FleetRequest.MAX_TARGETS) {
            error("targets", "must have at most " + FleetRequest.MAX_TARGETS + " targets, not " + values.size());
            return List.of(single);
        }
        List<FleetSpec.Target> targets = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            FleetRequest.TargetRequest t = values.get(i);
            if (t == null || t.host() == null || t.host().isBlank()) {
                error("targets[" + i + "].host", "must not be blank");
            } else if (t.port() == null || t.port() < 1 || t.port() > 65535) {
                error("targets[" + i + "].port", "must be between 1 and 65535");
            } else {
                String h = t.host().strip();
                targets.add(new FleetSpec.Target(h, t.port(), h.equals(defaultHost) && t.port() == defaultPort));
            }
        }
        return targets.isEmpty() ? List.of(single) : List.copyOf(targets);
    }

    private List<InetAddress> sourceAddresses(List<String> values, List<String> hosts) {
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        if (values.size() > FleetRequest.MAX_SOURCE_ADDRESSES) {
            error("sourceAddresses", "must have at most " + FleetRequest.MAX_SOURCE_ADDRESSES + " addresses, not " + values.size());
            return List.of();
        }
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i).strip();
            // parsed without a lookup: a host name would block and could resolve differently per module
            InetAddress a = NetUtil.createInetAddressFromIpAddressString(v);
            if (a == null) {
                error("sourceAddresses[" + i + "]", "must be an IP address literal like 127.0.0.2, not a host name: "
                        + values.get(i));
            } else if (otherFamily(a, hosts) != null) {
                error("sourceAddresses[" + i + "]", "must be of the same IP version as host " + otherFamily(a, hosts));
            } else {
                sources.add(a);
            }
        }
        return List.copyOf(sources);
    }

    // A literal host fixes the family; a host name is resolved only when a module dials. The first literal host of
    // another family than the source address, or null.
    private static String otherFamily(InetAddress source, List<String> hosts) {
        for (String host : hosts) {
            InetAddress target = host == null ? null : NetUtil.createInetAddressFromIpAddressString(host);
            if (target != null && (source instanceof Inet4Address) != (target instanceof Inet4Address)) {
                return host;
            }
        }
        return null;
    }

    private FleetSpec.Telemetry telemetry(FleetRequest.TelemetryRequest t) {
        String text = t == null || t.template() == null ? DEFAULT_TEMPLATE : t.template();
        // 10ms is already 100 frames a second per module; 1ns was a busy loop on the shared event loops
        Duration interval = bounded("telemetry.interval", t == null ? null : t.interval(), Duration.ofSeconds(10),
                "10ms", "1d");
        Duration jitter = bounded("telemetry.jitter", t == null ? null : t.jitter(), Duration.ZERO, "0s", "1d");
        if (interval != null && jitter != null && jitter.compareTo(interval) >= 0) {
            error("telemetry.jitter", "must be shorter than the interval");
        }
        try {
            return new FleetSpec.Telemetry(interval, jitter, PayloadTemplate.parse(text));
        } catch (IllegalArgumentException e) {
            error("telemetry.template", e.getMessage());
            return null;
        }
    }

    private List<FleetSpec.Rule> rules(List<FleetRequest.RuleRequest> replies, boolean required) {
        List<FleetSpec.Rule> rules = new ArrayList<>();
        if (replies != null && replies.size() > ReplyPatterns.MAX_RULES) {
            error("replies", "must have at most " + ReplyPatterns.MAX_RULES + " rules, not " + replies.size());
        } else if (replies != null) {
            for (int i = 0; i < replies.size(); i++) {
                FleetRequest.RuleRequest r = replies.get(i);
                if (r == null || r.pattern() == null || r.reply() == null) {
                    error("replies[" + i + "]", "needs pattern and reply");
                    continue;
                }
                try {
                    rules.add(new FleetSpec.Rule(ReplyPatterns.compile(r.pattern()), r.reply()));
                } catch (IllegalArgumentException e) {
                    error("replies[" + i + "].pattern", e.getMessage());
                }
            }
        }
        if (required && rules.isEmpty() && (replies == null || replies.isEmpty())) {
            error("replies", "REQUEST_RESPONSE needs at least one rule");
        }
        return List.copyOf(rules);
    }

    private Realism realism(FleetRequest.RealismRequest r) {
        if (r == null) {
            return Realism.none();
        }
        Backoff d = Realism.DEFAULT_BACKOFF;
        double multiplier = r.backoffMultiplier() == null ? d.multiplier() : r.backoffMultiplier();
        double jitter = r.backoffJitter() == null ? d.jitter() : r.backoffJitter();
        if (multiplier < 1 || multiplier > 10) {
            error("realism.backoffMultiplier", "must be between 1 and 10");
        }
        if (jitter < 0 || jitter > 1) {
            error("realism.backoffJitter", "must be between 0 and 1");
        }
        // a reconnect sooner than 100ms is a connect storm, not a module's firmware
        Backoff backoff = new Backoff(bounded("realism.backoffInitial", r.backoffInitial(), d.initial(), "100ms", "1h"),
                bounded("realism.backoffMax", r.backoffMax(), d.max(), "100ms", "1h"), multiplier, jitter);
        return new Realism(bounded("realism.connectLatency", r.connectLatency(), Duration.ZERO, "0s", "5m"),
                bounded("realism.connectLatencyJitter", r.connectLatencyJitter(), Duration.ZERO, "0s", "5m"),
                bounded("realism.meanTimeBetweenDrops", r.meanTimeBetweenDrops(), null, "100ms", "30d"),
                bounded("realism.natIdleTimeout", r.natIdleTimeout(), null, "100ms", "1d"),
                Boolean.TRUE.equals(r.reconnect()), backoff, Boolean.TRUE.equals(r.failSendsWhileReconnecting()));
    }

    /** A duration field between {@code min} and {@code max} (written as in
     * {@link dev.fleetgateway.system.DurationRange}); out of range is an error naming both. */
    private Duration bounded(String field, String value, Duration fallback, String min, String max) {
        Duration d = duration(field, value, fallback);
        // d is the fallback itself when the value was blank or already reported as malformed
        if (value != null && d != null && d != fallback
                && !DurationRangeValidator.within(d, DurationRangeValidator.bound(min), DurationRangeValidator.bound(max))) {
            error(field, DurationRangeValidator.message(min, max) + ", not " + value.strip());
            return fallback;
        }
        return d;
    }

    private Duration duration(String field, String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            String v = value.strip();
            // a bare number is seconds, as settimeout() and the rest of the API take it
            Duration d = v.matches("\\d+(\\.\\d+)?") ? Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000))
                    : DurationStyle.detectAndParse(v);
            if (d.isNegative()) {
                error(field, "must not be negative");
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(field, "is not a duration like 10s, 500ms, PT10S or a number of seconds: " + value);
            return fallback;
        }
    }

    private void error(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
    }

    private FleetException invalid() {
        return FleetException.invalid("validation", "Validation failed", errors.size() + " invalid field(s): "
                + String.join("; ", errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList()))
                .with("errors", errors);
    }
}
