package dev.fleetgateway.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.PageView;

/** Creates, scales, looks up and stops fleets of virtual modules, within the configured limits. */
@Service
public class SimulatorService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SimulatorService.class);

    private final SimulatorRuntime runtime;
    private final SimulatorProperties props;
    private final TargetDefaults targets;
    private final TargetCheck targetCheck;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Fleet> fleets = new ConcurrentHashMap<>();
    private final Map<String, SimulatedModule> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();
    // totals of stopped fleets, so the traffic counters stay monotonic when a fleet goes away
    private final FleetCounters retired = new FleetCounters();
    private volatile boolean running;
    // guards the limits: counting and reserving modules happen together
    private final Object limits = new Object();
    private int totalModules;

    SimulatorService(SimulatorRuntime runtime, TargetDefaults targets) {
        this.runtime = runtime;
        this.props = runtime.props();
        this.targets = targets;
        this.targetCheck = new TargetCheck(runtime);
    }

    /** Starts a fleet; its modules register (off the event loops) and then dial. */
    public FleetView create(FleetRequest request) {
        requireEnabled();
        int n = sequence.incrementAndGet();
        FleetSpec spec = FleetSpecFactory.create(request, "99" + String.format("%03d", n), targets.host(), targets.port(),
                props.connectTimeout());
        targetCheck.check(spec);
        Fleet fleet = new Fleet("fleet-" + n, spec.withCount(0), runtime, clock.instant());
        synchronized (limits) {
            if (fleets.size() >= props.maxFleets()) {
                throw limit("at most " + props.maxFleets() + " fleets may exist at once");
            }
            fleets.put(fleet.id(), fleet);
        }
        try {
            grow(fleet, spec.count());
        } catch (RuntimeException e) {
            fleets.remove(fleet.id());
            throw e;
        }
        log.info("Started {} with {} modules -> {} {}", fleet.id(), spec.count(), FleetView.targets(spec),
                spec.profiles());
        return FleetView.of(fleet);
    }

    public List<FleetView> list() {
        return fleets.values().stream().sorted(Comparator.comparing(Fleet::createdAt).thenComparing(Fleet::id))
                .map(FleetView::of).toList();
    }

    public FleetView get(String id) {
        return FleetView.of(fleet(id));
    }

    /** Scales a fleet: new modules start, surplus ones (highest indexes) close cleanly. */
    public CompletableFuture<FleetView> scale(String id, int count) {
        Fleet fleet = fleet(id);
        if (count < 0) {
            throw FleetException.invalid("validation", "Validation failed", "count must be 0 or more")
                    .with("errors", List.of(Map.of("field", "count", "message", "must be 0 or more")));
        }
        synchronized (fleet) {
            int current = fleet.modules().size();
            if (count >= current) {
                grow(fleet, count);
                return CompletableFuture.completedFuture(FleetView.of(fleet));
            }
            List<SimulatedModule> removed = fleet.shrink(count);
            release(removed);
            return stopAll(removed).thenApply(v -> FleetView.of(fleet));
        }
    }

    /** Stops a fleet: every module closes its socket; completes when they are closed (or the stop timeout). */
    public CompletableFuture<Void> delete(String id) {
        Fleet fleet = fleets.remove(id);
        if (fleet == null) {
            throw FleetException.notFound("Fleet", id);
        }
        List<SimulatedModule> modules;
        synchronized (fleet) {
            modules = fleet.shrink(0);
        }
        release(modules);
        retired.absorb(fleet.counters());
        log.info("Stopping {} ({} modules)", id, modules.size());
        return stopAll(modules);
    }

    /** A module by index ({@code 0}...) or by its 15-digit key. */
    SimulatedModule module(String fleetId, String ref) {
        Fleet fleet = fleet(fleetId);
        SimulatedModule m = null;
        if (ref.length() == 15 && ref.chars().allMatch(Character::isDigit)) {
            m = byKey.get(ref);
            m = m != null && m.fleet == fleet ? m : null;
        } else if (ref.matches("\\d{1,9}")) {
            int index = Integer.parseInt(ref);
            List<SimulatedModule> modules = fleet.modules();
            m = index < modules.size() ? modules.get(index) : null;
        }
        if (m == null) {
            throw FleetException.notFound("Module", fleetId + "/" + ref);
        }
        return m;
    }

    /** The hand-driven usocket verbs of a module, by index or key. */
    public HandDriver hand(String fleetId, String ref) {
        return new HandDriver(module(fleetId, ref));
    }

    List<SimulatedModule> modules(String fleetId) {
        return fleet(fleetId).modules();
    }

    /** One page of a fleet's modules in index order; only the page's modules are read. */
    public PageView<ModuleStateView> modules(String fleetId, int page, int size) {
        List<SimulatedModule> all = modules(fleetId);
        int from = (int) Math.min((long) page * size, all.size());
        List<ModuleStateView> content = all.subList(from, Math.min(from + size, all.size())).stream()
                .map(ModuleStateView::of).toList();
        return new PageView<>(content, page, size, all.size(), (all.size() + size - 1) / size);
    }

    /** Modules in this state over all running fleets. */
    int countModules(ModuleState state) {
        int n = 0;
        for (Fleet f : fleets.values()) {
            for (SimulatedModule m : f.modules()) {
                n += m.state() == state ? 1 : 0;
            }
        }
        return n;
    }

    int fleetCount() {
        return fleets.size();
    }

    /** A figure summed over the stats of the running fleets and those stopped before. */
    double sum(java.util.function.ToDoubleFunction<FleetCounters> figure) {
        double total = figure.applyAsDouble(retired);
        for (Fleet f : fleets.values()) {
            total += figure.applyAsDouble(f.counters());
        }
        return total;
    }

    private Fleet fleet(String id) {
        Fleet f = fleets.get(id);
        if (f == null) {
            throw FleetException.notFound("Fleet", id);
        }
        return f;
    }

    private void grow(Fleet fleet, int count) {
        int adding = count - fleet.modules().size();
        if (count > props.maxModulesPerFleet()) {
            throw limit("a fleet may have at most " + props.maxModulesPerFleet() + " modules");
        }
        if (count > ImeiKeys.capacity(fleet.spec().keyPrefix())) {
            throw limit("key prefix " + fleet.spec().keyPrefix() + " leaves room for "
                    + ImeiKeys.capacity(fleet.spec().keyPrefix()) + " modules");
        }
        synchronized (limits) {
            if (totalModules + adding > props.maxModulesTotal()) {
                throw limit("the simulator may run at most " + props.maxModulesTotal() + " modules in total; "
                        + totalModules + " run now");
            }
            totalModules += adding;
        }
        List<SimulatedModule> added = fleet.grow(count);
        List<SimulatedModule> clashing = new ArrayList<>();
        for (SimulatedModule m : added) {
            if (byKey.putIfAbsent(m.key, m) != null) {
                clashing.add(m);
            }
        }
        if (!clashing.isEmpty()) {
            release(fleet.shrink(count - added.size()));
            throw FleetException.conflict("duplicate-module-key", "Duplicate module key", "Key " + clashing.get(0).key
                    + " is already used by another fleet; choose another keyPrefix");
        }
        for (SimulatedModule m : added) {
            runtime.registrar().register(m.key).thenRun(() -> m.start(fleet.startDelayNanos()));
        }
    }

    private void release(List<SimulatedModule> modules) {
        for (SimulatedModule m : modules) {
            byKey.remove(m.key, m);
        }
        synchronized (limits) {
            totalModules -= modules.size();
        }
    }

    private CompletableFuture<Void> stopAll(List<SimulatedModule> modules) {
        CompletableFuture<?>[] stops = modules.stream().map(SimulatedModule::stop).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(stops).completeOnTimeout(null, props.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void requireEnabled() {
        if (!props.enabled()) {
            throw new FleetException(FleetException.Kind.CONFLICT, "simulator-disabled", "Simulator disabled",
                    "The simulator is disabled (gateway.simulator.enabled=false)");
        }
    }

    private static FleetException limit(String detail) {
        return FleetException.conflict("simulator-limit", "Simulator limit reached", detail);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops every fleet; also runs when Spring pauses a cached test context, and fleets are not resumed then. */
    @Override
    public void stop() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (String id : List.copyOf(fleets.keySet())) {
            try {
                stops.add(delete(id));
            } catch (FleetException gone) {
                // removed concurrently: nothing to stop
            }
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop virtual modules before the module port drains, so their sessions end as clean closes
        return Integer.MAX_VALUE - 10;
    }
}
