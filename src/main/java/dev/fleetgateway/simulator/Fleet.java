package dev.fleetgateway.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.channel.EventLoop;

/** A running fleet: its definition, its modules (index order) and its counters. */
final class Fleet implements FleetContext {

    private final String id;
    private final Instant createdAt;
    private final SimulatorRuntime runtime;
    private final FleetCounters counters = new FleetCounters();
    private final List<SimulatedModule> modules = new ArrayList<>();
    private volatile FleetSpec spec;
    private volatile List<SimulatedModule> snapshot = List.of();

    Fleet(String id, FleetSpec spec, SimulatorRuntime runtime, Instant createdAt) {
        this.id = id;
        this.spec = spec;
        this.runtime = runtime;
        this.createdAt = createdAt;
    }

    String id() {
        return id;
    }

    Instant createdAt() {
        return createdAt;
    }

    @Override
    public FleetSpec spec() {
        return spec;
    }

    @Override
    public SimulatorRuntime runtime() {
        return runtime;
    }

    @Override
    public FleetCounters counters() {
        return counters;
    }

    /** The modules in index order; a stable copy, cheap to iterate from any thread. */
    List<SimulatedModule> modules() {
        return snapshot;
    }

    /** Creates the modules up to {@code count} (not started), each on the next shared event loop. */
    synchronized List<SimulatedModule> grow(int count) {
        List<SimulatedModule> added = new ArrayList<>();
        for (int i = modules.size(); i < count; i++) {
            EventLoop loop = runtime.transport().workers().next();
            added.add(new SimulatedModule(this, i, ImeiKeys.key(spec.keyPrefix(), i), loop));
        }
        modules.addAll(added);
        spec = spec.withCount(modules.size());
        snapshot = List.copyOf(modules);
        return added;
    }

    /** Removes the modules from index {@code count} on and returns them for stopping. */
    synchronized List<SimulatedModule> shrink(int count) {
        List<SimulatedModule> removed = new ArrayList<>(modules.subList(count, modules.size()));
        modules.subList(count, modules.size()).clear();
        spec = spec.withCount(modules.size());
        snapshot = List.copyOf(modules);
        return removed;
    }

    /** A start delay inside the ramp-up window, so first connects do not all arrive at once. */
    long startDelayNanos() {
        long ramp = spec.rampUp().toNanos();
        return ramp <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ramp);
    }
}
