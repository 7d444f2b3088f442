package dev.fleetgateway.usocket;

import java.util.List;

/** Ports this gateway listens on (module ports, HTTP, management): never an outbound destination on a local address. */
public interface OwnPorts {

    /** The ports listening now. */
    List<Integer> ownPorts();
}
