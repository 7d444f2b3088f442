package dev.fleetgateway.session;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;

/**
 * Registers identified modules (kind REAL unless the simulator registered them) and keeps last-seen fresh,
 * off the event loop.
 */
@Component
class ModuleRegistration {

    private final ModuleService modules;
    private final BackgroundWriter writer;

    ModuleRegistration(ModuleService modules, BackgroundWriter writer) {
        this.modules = modules;
        this.writer = writer;
    }

    @EventListener
    void onIdentified(SessionEvents.Identified event) {
        String key = event.moduleKey();
        writer.offer(() -> modules.registerSeen(key, ModuleKind.REAL));
    }

    @EventListener
    void onClosed(SessionEvents.Closed event) {
        String key = event.session().moduleKey();
        if (key != null) {
            writer.offer(() -> modules.touch(key));
        }
    }
}
