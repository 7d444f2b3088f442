package dev.fleetgateway.simulator;

import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Component;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.RegistryWrites;

/**
 * Records virtual modules in the module registry as SIMULATED, through the gateway's batched registry writes
 * (a few hundred modules per transaction, never on an event loop). A module dials only after its record
 * exists, so the gateway finds it as SIMULATED when it says hello.
 */
@Component
class ModuleRegistrar {

    private final RegistryWrites writes;
    private final boolean enabled;

    ModuleRegistrar(RegistryWrites writes, SimulatorProperties props) {
        this.writes = writes;
        this.enabled = props.registerModules();
    }

    /**
     * Completes (never exceptionally) once the key is registered, or at once when registering is off; when
     * the write was dropped (counted in {@code fleet.registry.writes.dropped}) the module still dials, it
     * just is not pre-registered.
     */
    CompletableFuture<Void> register(String key) {
        if (!enabled) {
            return CompletableFuture.completedFuture(null);
        }
        // a dropped write (false) is counted by RegistryWrites already; the module dials either way
        return writes.registerTracked(key, ModuleKind.SIMULATED).thenAccept(written -> { });
    }
}
