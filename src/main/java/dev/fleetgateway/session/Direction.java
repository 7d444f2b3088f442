package dev.fleetgateway.session;

/** Who dialled: the module (INBOUND, to the module port) or the gateway (OUTBOUND). */
public enum Direction {
    INBOUND, OUTBOUND
}
