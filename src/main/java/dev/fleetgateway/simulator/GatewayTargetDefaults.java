package dev.fleetgateway.simulator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.ModuleServer;

/**
 * Resolves the default target lazily, at fleet creation: the configured {@code gateway.simulator.target}, and
 * for port 0 the gateway's own module port.
 */
@Component
class GatewayTargetDefaults implements TargetDefaults {

    private final SimulatorProperties props;
    private final ObjectProvider<ModuleServer> gateway;

    GatewayTargetDefaults(SimulatorProperties props, ObjectProvider<ModuleServer> gateway) {
        this.props = props;
        this.gateway = gateway;
    }

    @Override
    public String host() {
        return props.target().host();
    }

    @Override
    public int port() {
        if (props.target().port() > 0) {
            return props.target().port();
        }
        // looked up per fleet, not at startup: the module port binds after this bean exists (and may be port 0)
        ModuleServer server = gateway.getIfAvailable();
        if (server == null) {
            return -1;
        }
        return props.target().tls() ? server.tlsPort() : server.localPort();
    }
}
