package dev.fleetgateway.module;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A module as the API shows it. */
public record ModuleView(UUID id, String moduleKey, String name, ModuleKind kind, Map<String, String> labels,
        Instant createdAt, Instant lastSeenAt) {

    static ModuleView of(FleetModule m) {
        return new ModuleView(m.getId(), m.getModuleKey(), m.getName(), m.getKind(), Map.copyOf(m.getLabels()),
                m.getCreatedAt(), m.getLastSeenAt());
    }
}
