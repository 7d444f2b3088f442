package dev.fleetgateway.session;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness of the module port: bound and not draining; with counts of live sessions. */
@Component("modulePort")
class ModulePortHealthIndicator implements HealthIndicator {

    private final ModuleServer server;
    private final SessionRegistry registry;
    private final SessionProperties props;

    ModulePortHealthIndicator(ModuleServer server, SessionRegistry registry, SessionProperties props) {
        this.server = server;
        this.registry = registry;
        this.props = props;
    }

    @Override
    public Health health() {
        Health.Builder b;
        if (!props.enabled()) {
            b = Health.up().withDetail("listening", false).withDetail("enabled", false);
        } else if (server.isDraining()) {
            b = Health.outOfService().withDetail("draining", true);
        } else if (server.isListening()) {
            b = Health.up().withDetail("port", server.localPort());
            if (server.tlsPort() > 0) {
                b.withDetail("tlsPort", server.tlsPort());
            }
        } else {
            b = Health.down().withDetail("listening", false);
        }
        return b.withDetail("sessions", registry.liveCount()).withDetail("maxSessions", registry.maxSessions()).build();
    }
}
