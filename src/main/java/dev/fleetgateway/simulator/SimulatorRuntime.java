package dev.fleetgateway.simulator;

import org.springframework.stereotype.Component;

import dev.fleetgateway.session.NettyTransport;
import dev.fleetgateway.usocket.NameResolver;
import dev.fleetgateway.usocket.OutboundPolicy;

/**
 * What every virtual module shares: the gateway's event loops, the resolver and the outbound policy, the
 * registrar and the settings.
 */
@Component
record SimulatorRuntime(NettyTransport transport, NameResolver resolver, OutboundPolicy policy,
        ModuleRegistrar registrar, SimulatorProperties props, SimulatorTls tls) {
}
