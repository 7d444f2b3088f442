package dev.fleetgateway.simulator;

/** Where a fleet dials when its request names no target: the configured target, else this gateway's module port. */
interface TargetDefaults {

    String host();

    /** The default port, or -1 when there is none (no configured port and the module port is not listening). */
    int port();
}
