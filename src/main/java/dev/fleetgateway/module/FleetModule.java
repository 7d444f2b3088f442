package dev.fleetgateway.module;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import jakarta.persistence.CollectionTable;
import dev.fleetgateway.system.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A module known to the gateway: real hardware or a simulated module. Its id is assigned here, so it tells
 * Spring Data whether it is new: a new module is persisted (an insert, batchable) instead of merged (a
 * select by id first).
 */
@Entity
@Table(name = "fleet_module")
class FleetModule extends AssignedIdEntity<UUID> {

    @Id
    private UUID id;

    @Column(name = "module_key", nullable = false, length = 64, unique = true)
    private String moduleKey;

    @Column(name = "name", length = 128)
    private String name;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(name = "kind", nullable = false, length = 16)
    private ModuleKind kind;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "fleet_module_label", joinColumns = @JoinColumn(name = "module_id"))
    @MapKeyColumn(name = "label_key", length = 63)
    @Column(name = "label_value", nullable = false, length = 255)
    private Map<String, String> labels = new LinkedHashMap<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected FleetModule() {
    }

    FleetModule(String moduleKey, String name, ModuleKind kind, Map<String, String> labels, Instant now) {
        this.id = UUID.randomUUID();
        this.moduleKey = moduleKey;
        this.name = name;
        this.kind = kind;
        if (labels != null) {
            this.labels.putAll(labels);
        }
        this.createdAt = now;
    }

    @Override
    public UUID getId() {
        return id;
    }

    String getModuleKey() {
        return moduleKey;
    }

    String getName() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    ModuleKind getKind() {
        return kind;
    }

    Map<String, String> getLabels() {
        return labels;
    }

    void replaceLabels(Map<String, String> newLabels) {
        labels.clear();
        labels.putAll(newLabels);
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getLastSeenAt() {
        return lastSeenAt;
    }

    void setKind(ModuleKind kind) {
        this.kind = kind;
    }

    void seen(Instant at) {
        this.lastSeenAt = at;
    }
}
