package dev.fleetgateway.module;

/** Whether a module is real hardware or a virtual module of the simulator. */
public enum ModuleKind {
    REAL, SIMULATED
}
