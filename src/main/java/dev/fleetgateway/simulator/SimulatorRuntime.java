package dev.fleetgateway.simulator;

import org.springframework.stereotype.Component;

import dev.fleetgateway.session.NettyTransport;
import dev.fleetgateway.usocket.NameResolver;

/** What every virtual module shares: the gateway's event loops, the resolver, the registrar and the settings. */
@Component
record SimulatorRuntime(NettyTransport transport, NameResolver resolver, ModuleRegistrar registrar,
        SimulatorProperties props, SimulatorTls tls) {
}
