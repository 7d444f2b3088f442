package dev.fleetgateway.session;

import dev.fleetgateway.module.RegistryWrites;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.fleetgateway.module.ModuleKind;

/**
 * Registers identified modules (kind REAL unless the simulator registered them) and keeps last-seen fresh,
 * through the batched registry writes (never a database call on the event loop).
 */
@Component
class ModuleRegistration {

    private final RegistryWrites writes;

    ModuleRegistration(RegistryWrites writes) {
        this.writes = writes;
    }

    @EventListener
    void onIdentified(SessionEvents.Identified event) {
        writes.register(event.moduleKey(), ModuleKind.REAL);
    }

    @EventListener
    void onClosed(SessionEvents.Closed event) {
        String key = event.session().moduleKey();
        if (key != null) {
            writes.touch(key);
        }
    }
}
