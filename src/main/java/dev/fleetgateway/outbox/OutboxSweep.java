package dev.fleetgateway.outbox;

import java.util.List;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;

/**
 * Periodic housekeeping: marks expired messages EXPIRED, delivers messages queued for modules that are
 * online (queued in a race with their hello, or left after a dropped delivery request) and re-syncs the
 * queued gauge. Registered with the scheduler at {@code gateway.outbox.sweep-interval}.
 */
@Component
class OutboxSweep implements SchedulingConfigurer {

    private static final int KEYS_PER_QUERY = 500;

    private final OutboxStore store;
    private final OutboxDelivery delivery;
    private final SessionRegistry sessions;
    private final OutboxProperties props;

    OutboxSweep(OutboxStore store, OutboxDelivery delivery, SessionRegistry sessions, OutboxProperties props) {
        this.store = store;
        this.delivery = delivery;
        this.sessions = sessions;
        this.props = props;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::sweep, props.sweepInterval());
    }

    void sweep() {
        store.expireDue();
        // Key pages in key order, so every module with queued messages is visited, however many there are.
        String after = "";
        List<String> keys;
        do {
            keys = store.queuedKeysAfter(after, KEYS_PER_QUERY);
            for (String key : keys) {
                if (sessions.findByModuleKey(key).filter(ModuleSession::isOpen).isPresent()) {
                    delivery.request(key);
                }
            }
            after = keys.isEmpty() ? after : keys.get(keys.size() - 1);
        } while (keys.size() == KEYS_PER_QUERY);
        delivery.requestInFlight();
        store.resyncGauge();
    }
}
