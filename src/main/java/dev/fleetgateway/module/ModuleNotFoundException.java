package dev.fleetgateway.module;

import dev.fleetgateway.system.FleetException;

/** No module has the given id or key. */
public class ModuleNotFoundException extends FleetException {

    public ModuleNotFoundException(String idOrKey) {
        super(Kind.NOT_FOUND, "module-not-found", "Module not found", "No module has id or key '" + idOrKey + "'");
    }
}
