package dev.fleetgateway.session;

import dev.fleetgateway.module.RegistryWrites;

import org.springframework.stereotype.Component;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleCredentials;
import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.RegistryProperties;

/**
 * Registers identified modules (kind REAL unless the simulator registered them) and keeps last-seen fresh,
 * through the batched registry writes (never a database call on the event loop). Under an
 * {@code unknown-modules} policy other than REGISTER a stranger is only touched (which leaves an unknown key
 * alone), unless it proved a credential: then it is no stranger.
 */
@Component
class ModuleRegistration implements SessionListener {

    private final RegistryWrites writes;
    private final KnownModules known;
    private final ModuleCredentials credentials;

    ModuleRegistration(RegistryWrites writes, KnownModules known, ModuleCredentials credentials) {
        this.writes = writes;
        this.known = known;
        this.credentials = credentials;
    }

    @Override
    public void onIdentified(SessionEvents.Identified event) {
        String key = event.moduleKey();
        if (known.policy() == RegistryProperties.UnknownModules.REGISTER || credentials.hasCredential(key)) {
            writes.register(key, ModuleKind.REAL);
        } else {
            writes.touch(key);
        }
    }

    @Override
    public void onClosed(SessionEvents.Closed event) {
        String key = event.session().moduleKey();
        if (key != null) {
            writes.touch(key);
        }
    }
}
