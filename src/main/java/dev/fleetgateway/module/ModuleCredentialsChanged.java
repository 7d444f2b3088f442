package dev.fleetgateway.module;

import java.util.Set;

/**
 * Published after credentials of these module keys were committed here (issued, revoked, provisioned), so other
 * replicas can take them in at once ({@link ModuleCredentials#reload}) instead of at their next refresh.
 */
public record ModuleCredentialsChanged(Set<String> moduleKeys) {
}
