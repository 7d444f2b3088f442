package dev.fleetgateway.module;

import java.util.Optional;

/**
 * Implemented by the session feature: the module's current session, shown in the module resource. An
 * interface here so that the registry does not depend on the session feature.
 */
public interface CurrentSessionLookup {

    Optional<Object> currentSession(String moduleKey);
}
