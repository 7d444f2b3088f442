package dev.fleetgateway.module;

/**
 * Published when a key entered or left the registry here while the {@code unknown-modules} policy tracks keys
 * (not REGISTER); inside the registering transaction when there is one, so listeners act after its commit. Other
 * replicas take it in at once ({@link KnownModules#reload}) instead of at their next refresh.
 */
public record KnownModulesChanged(String moduleKey) {
}
