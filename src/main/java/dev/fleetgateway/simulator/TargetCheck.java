package dev.fleetgateway.simulator;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.usocket.OutboundPolicy;

/**
 * Whether a new fleet may dial its targets: a target the outbound policy refuses is a 403 before any module exists
 * (each module's dial checks again: a name may point elsewhere later). A lookup that fails here is left to the
 * modules, which report errno 202.
 */
final class TargetCheck {

    private final SimulatorRuntime runtime;

    TargetCheck(SimulatorRuntime runtime) {
        this.runtime = runtime;
    }

    /** Throws the policy's refusal for the first target it refuses. */
    void check(FleetSpec spec) {
        spec.targets().forEach(this::check);
    }

    private void check(FleetSpec.Target target) {
        if (target.defaultTarget()) {
            return;
        }
        InetSocketAddress address;
        try {
            // bounded by the resolver's own timeout; the wait here is only a backstop
            address = runtime.resolver().getaddrinfo(target.host(), target.port(), runtime.transport().workers().next())
                    .get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException(FleetException.Kind.UNAVAILABLE, "interrupted", "Interrupted",
                    "Interrupted while looking up " + target.host());
        } catch (ExecutionException | TimeoutException e) {
            return;
        }
        runtime.policy().check(target.host(), address, OutboundPolicy.Caller.SIMULATOR);
    }
}
