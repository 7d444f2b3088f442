package dev.fleetgateway.module;

import java.util.Map;

import org.springframework.data.jpa.domain.Specification;

import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.MapJoin;

/** Filters of the module list: kind and label equality (every label must match). */
final class ModuleSpecifications {

    private ModuleSpecifications() {
    }

    static Specification<FleetModule> filter(ModuleKind kind, Map<String, String> labels) {
        Specification<FleetModule> spec = (root, q, cb) -> cb.conjunction();
        if (kind != null) {
            spec = spec.and((root, q, cb) -> cb.equal(root.get("kind"), kind));
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            spec = spec.and((root, q, cb) -> {
                MapJoin<FleetModule, String, String> join = root.joinMap("labels", JoinType.INNER);
                return cb.and(cb.equal(join.key(), label.getKey()), cb.equal(join.value(), label.getValue()));
            });
        }
        return spec;
    }
}
