package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.NameResolver;

import org.springframework.stereotype.Component;

import dev.fleetgateway.session.NettyTransport;

/** What every virtual module shares: the gateway's event loops, the resolver, the registrar and the settings. */
@Component
record SimulatorRuntime(NettyTransport transport, NameResolver resolver, ModuleRegistrar registrar,
        SimulatorProperties props) {
}
