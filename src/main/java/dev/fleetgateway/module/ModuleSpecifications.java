package dev.fleetgateway.module;

import java.util.Map;

import org.springframework.data.jpa.domain.Specification;

import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.MapJoin;

/** Filters of the module list: kind and label equality (every label must match), and a text search. */
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

    /** The same filters, plus {@code text} found (any case) in the module key or the name; blank matches all. */
    static Specification<FleetModule> filter(ModuleKind kind, Map<String, String> labels, String text) {
        Specification<FleetModule> spec = filter(kind, labels);
        if (text == null || text.isBlank()) {
            return spec;
        }
        String like = "%" + text.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                .replace("%", "\\%").replace("_", "\\_") + "%";
        return spec.and((root, q, cb) -> cb.or(cb.like(cb.lower(root.get("moduleKey")), like, '\\'),
                cb.like(cb.lower(root.get("name")), like, '\\')));
    }
}
