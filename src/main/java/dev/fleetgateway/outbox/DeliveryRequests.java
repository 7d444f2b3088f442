package dev.fleetgateway.outbox;

import org.springframework.stereotype.Component;

import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;

/**
 * Asks for a module's outbox to be delivered now, from outside the outbox: the cluster calls it when another
 * replica queued a message for a module held here. Never blocks.
 */
@Component
public class DeliveryRequests {

    private final OutboxDelivery delivery;
    private final SessionRegistry sessions;
    private final OutboxMetrics metrics;

    DeliveryRequests(OutboxDelivery delivery, SessionRegistry sessions, OutboxMetrics metrics) {
        this.delivery = delivery;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    /**
     * Another replica queued a message for this module (it is in the shared table): it counts here too (so a
     * module identifying here looks in the outbox), and a delivery run starts if the module has an open session
     * here. Returns whether it has one.
     */
    public boolean queuedElsewhere(String moduleKey) {
        metrics.queued();
        if (sessions.findByModuleKey(moduleKey).filter(ModuleSession::isOpen).isEmpty()) {
            return false;
        }
        delivery.request(moduleKey);
        return true;
    }
}
