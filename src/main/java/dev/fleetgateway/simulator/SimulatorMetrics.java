package dev.fleetgateway.simulator;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * Simulator meters: modules by state and traffic by direction, summed over all fleets. Tags come from bounded
 * enums only; per-fleet and per-module figures are served by the REST API.
 */
@Component
class SimulatorMetrics implements MeterBinder {

    private final SimulatorService simulator;

    SimulatorMetrics(SimulatorService simulator) {
        this.simulator = simulator;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ModuleState state : ModuleState.values()) {
            Gauge.builder("fleet.simulator.modules", simulator, s -> s.countModules(state))
                    .description("Virtual modules by state").tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("fleet.simulator.fleets", simulator, s -> s.fleetCount()).description("Running fleets")
                .register(registry);
        counter(registry, "fleet.simulator.frames", "out", st -> st.framesSent.sum());
        counter(registry, "fleet.simulator.frames", "in", st -> st.framesReceived.sum());
        counter(registry, "fleet.simulator.bytes", "out", st -> st.bytesSent.sum());
        counter(registry, "fleet.simulator.bytes", "in", st -> st.bytesReceived.sum());
        FunctionCounter.builder("fleet.simulator.connects", simulator, s -> s.sum(st -> st.connects.sum()))
                .description("Connections established by virtual modules").register(registry);
        FunctionCounter.builder("fleet.simulator.drops", simulator, s -> s.sum(st -> st.drops.sum()))
                .description("Simulated link drops (random, NAT idle)").register(registry);
    }

    private void counter(MeterRegistry registry, String name, String direction, ToDoubleFunction<FleetCounters> f) {
        FunctionCounter.builder(name, simulator, s -> s.sum(f)).tag("direction", direction)
                .description("Traffic of virtual modules").register(registry);
    }
}
