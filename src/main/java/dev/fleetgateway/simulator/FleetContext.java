package dev.fleetgateway.simulator;

/** What a virtual module needs of its fleet: the current definition, the shared counters and the runtime. */
interface FleetContext {

    FleetSpec spec();

    FleetCounters counters();

    SimulatorRuntime runtime();
}
