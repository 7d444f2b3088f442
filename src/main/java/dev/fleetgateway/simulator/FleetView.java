package dev.fleetgateway.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.util.NetUtil;

import io.swagger.v3.oas.annotations.media.Schema;

/** A fleet as the API shows it, with live stats. */
@Schema(description = "A fleet of virtual modules with live stats")
public record FleetView(
        @Schema(example = "fleet-1") String id,
        String name,
        @Schema(example = "100") int count,
        @Schema(example = "127.0.0.1") String host,
        @Schema(example = "7700") int port,
        @Schema(description = "Every server the fleet dials, host:port; module i dials targets[i % n]",
                example = "[\"127.0.0.1:7700\"]") List<String> targets,
        @Schema(description = "Local addresses the modules dial from, round-robin; empty: the OS's choice",
                example = "[\"127.0.0.2\",\"127.0.0.3\"]") List<String> sourceAddresses,
        @Schema(example = "99001") String keyPrefix,
        Set<Profile> profiles,
        boolean hello,
        Instant createdAt,
        Stats stats) {

    /** Live figures of a fleet. */
    @Schema(description = "Live figures: module states, traffic, connect latency, errors by errno")
    public record Stats(int modules, int idle, int connecting, int connected, int backingOff, int disconnected,
            int closed, int stopped, @Schema(description = "Modules driven by hand (profile paused)") int handDriven,
            long framesSent, long bytesSent, long framesReceived, long bytesReceived, long connects,
            long connectFailures, long disconnects, @Schema(description = "Simulated drops (random, NAT idle)") long drops,
            long reconnectAttempts, long sendFailures, Latency connectLatencyMs, List<ErrnoCount> errors) {
    }

    /** Connect latency percentiles in milliseconds, from socket() to established. */
    @Schema(description = "Connect latency in milliseconds, getaddrinfo to established")
    public record Latency(long count, double p50, double p95, double p99, double max) {
    }

    /** How often one errno occurred. */
    @Schema(description = "Occurrences of one OSError errno")
    public record ErrnoCount(@Schema(example = "111") int errno, @Schema(example = "ECONNREFUSED") String name,
            long count) {
    }

    static FleetView of(Fleet fleet) {
        FleetSpec spec = fleet.spec();
        List<SimulatedModule> modules = fleet.modules();
        Map<ModuleState, Integer> states = new EnumMap<>(ModuleState.class);
        int hand = 0;
        for (SimulatedModule m : modules) {
            states.merge(m.state(), 1, Integer::sum);
            hand += m.isManual() ? 1 : 0;
        }
        FleetCounters s = fleet.counters();
        List<ErrnoCount> errors = new ArrayList<>();
        s.errors().forEach((e, n) -> errors.add(new ErrnoCount(e.code(), e.name(), n)));
        Stats stats = new Stats(modules.size(), n(states, ModuleState.IDLE),
                n(states, ModuleState.RESOLVING) + n(states, ModuleState.CONNECTING), n(states, ModuleState.CONNECTED),
                n(states, ModuleState.BACKING_OFF), n(states, ModuleState.DISCONNECTED), n(states, ModuleState.CLOSED),
                n(states, ModuleState.STOPPED), hand, s.framesSent.sum(), s.bytesSent.sum(), s.framesReceived.sum(),
                s.bytesReceived.sum(), s.connects.sum(), s.connectFailures.sum(), s.disconnects.sum(), s.drops.sum(),
                s.reconnectAttempts.sum(), s.sendFailures.sum(),
                new Latency(s.latencyCount(), s.latencyMillis(50), s.latencyMillis(95), s.latencyMillis(99),
                        s.maxLatencyMillis()), errors);
        List<String> sources = spec.sourceAddresses().stream().map(NetUtil::toAddressString).toList();
        return new FleetView(fleet.id(), spec.name(), modules.size(), spec.host(), spec.port(), targets(spec), sources,
                spec.keyPrefix(), spec.profiles(), spec.hello(), fleet.createdAt(), stats);
    }

    /** The targets as host:port, an IPv6 literal in brackets. */
    static List<String> targets(FleetSpec spec) {
        return spec.targets().stream()
                .map(t -> (t.host().contains(":") ? "[" + t.host() + "]" : t.host()) + ":" + t.port()).toList();
    }

    private static int n(Map<ModuleState, Integer> states, ModuleState state) {
        return states.getOrDefault(state, 0);
    }
}
