package dev.fleetgateway.simulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.google.re2j.Pattern;

import dev.fleetgateway.session.codec.FramingSpec;

/**
 * A validated fleet definition, with templates and patterns compiled once for all its modules.
 *
 * @param name label shown in listings
 * @param count modules at start
 * @param host target host
 * @param port target port
 * @param keyPrefix digits the IMEI-like keys start with
 * @param profiles behaviour profiles
 * @param telemetry telemetry settings (when TELEMETRY is on)
 * @param rules request-response rules, first match wins
 * @param seedRecvTimeout how long the seed script waits in {@code recv(1024)}
 * @param framing framing of profile uplinks
 * @param hello send {@code IMEI:<key>\r\n} right after each connect
 * @param realism cellular realism
 * @param rampUp first connects are spread at random over this long
 * @param connectTimeout TCP connect timeout
 * @param sourceAddresses local addresses module i dials from, round-robin by index; empty lets the OS choose
 * @param defaultTarget whether host and port are the simulator's default target ({@code gateway.simulator.target},
 *        by default this gateway's own module port), which the outbound policy does not judge
 * @param targets the servers module i dials, {@code targets[i % n]}; host and port are the first of them
 */
record FleetSpec(String name, int count, String host, int port, String keyPrefix, Set<Profile> profiles,
        Telemetry telemetry, List<Rule> rules, Duration seedRecvTimeout, FramingSpec framing, boolean hello,
        Realism realism, Duration rampUp, Duration connectTimeout, List<InetAddress> sourceAddresses,
        boolean defaultTarget, List<Target> targets) {

    /** One server modules dial; {@code defaultTarget} as for the fleet. */
    record Target(String host, int port, boolean defaultTarget) {
    }

    /** Telemetry timing and payload. */
    record Telemetry(Duration interval, Duration jitter, PayloadTemplate template) {
    }

    /** One request-response rule; the pattern is RE2 (linear time), see {@link ReplyPatterns}. */
    record Rule(Pattern pattern, String reply) {
    }

    FleetSpec withCount(int newCount) {
        return new FleetSpec(name, newCount, host, port, keyPrefix, profiles, telemetry, rules, seedRecvTimeout,
                framing, hello, realism, rampUp, connectTimeout, sourceAddresses, defaultTarget, targets);
    }

    /** The server module {@code index} dials: round-robin over the targets by index, the same on every reconnect. */
    Target target(int index) {
        return targets.get(index % targets.size());
    }

    /** The local address (port 0) module {@code index} binds before each connect, or null for the OS's choice. */
    InetSocketAddress sourceAddress(int index) {
        return sourceAddresses.isEmpty() ? null
                : new InetSocketAddress(sourceAddresses.get(index % sourceAddresses.size()), 0);
    }

    boolean consumesDownlinks() {
        return profiles.contains(Profile.ECHO) || profiles.contains(Profile.REQUEST_RESPONSE);
    }
}
