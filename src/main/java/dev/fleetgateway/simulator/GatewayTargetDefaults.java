package dev.fleetgateway.simulator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.SessionProperties;

/**
 * Resolves the default target lazily, at fleet creation: the configured {@code gateway.simulator.target}, and
 * for port 0 the gateway's own module port.
 */
@Component
class GatewayTargetDefaults implements TargetDefaults {

    private final SimulatorProperties props;
    private final ObjectProvider<SessionProperties> sessions;

    GatewayTargetDefaults(SimulatorProperties props, ObjectProvider<SessionProperties> sessions) {
        this.props = props;
        this.sessions = sessions;
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
        SessionProperties s = sessions.getIfAvailable();
        return s == null || !s.enabled() || s.port() == 0 ? -1 : s.port();
    }
}
