package dev.fleetgateway.module;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.fleetgateway.system.ApiProblem;

/** The module registry: the one way other features read and register modules. */
@Service
public class ModuleService {

    private final ModuleRepository repository;
    private final Clock clock;

    ModuleService(ModuleRepository repository) {
        this.repository = repository;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    ModuleView create(ModuleRequests.Create req) {
        if (repository.existsByModuleKey(req.moduleKey())) {
            throw duplicate(req.moduleKey());
        }
        FleetModule m = new FleetModule(req.moduleKey(), req.name(), req.kind() == null ? ModuleKind.REAL : req.kind(),
                req.labels(), clock.instant());
        try {
            return ModuleView.of(repository.saveAndFlush(m));
        } catch (DataIntegrityViolationException race) {
            throw duplicate(req.moduleKey());
        }
    }

    private static ApiProblem duplicate(String key) {
        return ApiProblem.conflict("duplicate-module-key", "Duplicate module key",
                "A module with key '" + key + "' already exists");
    }

    @Transactional(readOnly = true)
    public ModuleView get(String idOrKey) {
        return ModuleView.of(load(idOrKey));
    }

    /** Looks a module up by id or key without failing. */
    @Transactional(readOnly = true)
    public Optional<ModuleView> find(String idOrKey) {
        return lookup(idOrKey).map(ModuleView::of);
    }

    @Transactional(readOnly = true)
    Page<ModuleView> list(ModuleKind kind, Map<String, String> labels, Pageable pageable) {
        return repository.findAll(ModuleSpecifications.filter(kind, labels), pageable).map(ModuleView::of);
    }

    /**
     * Keys of the modules whose labels all match, in key order, at most {@code max} of them; used by
     * features that address many modules at once (batch send).
     */
    @Transactional(readOnly = true)
    public List<String> keysMatching(Map<String, String> labels, int max) {
        return repository.findAll(ModuleSpecifications.filter(null, labels),
                PageRequest.of(0, max, Sort.by("moduleKey"))).map(FleetModule::getModuleKey).getContent();
    }

    @Transactional
    ModuleView update(String idOrKey, ModuleRequests.Update req) {
        FleetModule m = load(idOrKey);
        if (req.name() != null) {
            m.setName(req.name().isBlank() ? null : req.name());
        }
        if (req.labels() != null) {
            m.replaceLabels(req.labels());
        }
        return ModuleView.of(repository.saveAndFlush(m));
    }

    @Transactional
    void delete(String idOrKey) {
        repository.delete(load(idOrKey));
    }

    /**
     * Records that a module with this key was seen now, registering it with the given kind if unknown.
     * Called off the event loop by the session feature when a module identifies.
     */
    @Transactional
    public ModuleView registerSeen(String moduleKey, ModuleKind kind) {
        Instant now = clock.instant();
        Optional<FleetModule> existing = repository.findByModuleKey(moduleKey);
        if (existing.isPresent()) {
            existing.get().seen(now);
            if (kind == ModuleKind.SIMULATED) {
                // The simulator knows its modules are virtual; the gateway side registers as REAL by default.
                existing.get().setKind(kind);
            }
            return ModuleView.of(existing.get());
        }
        FleetModule m = new FleetModule(moduleKey, null, kind, Map.of(), now);
        m.seen(now);
        return ModuleView.of(repository.saveAndFlush(m));
    }

    /** Updates last-seen of a known module; returns false if the key is unknown. */
    @Transactional
    public boolean touch(String moduleKey) {
        return repository.touch(moduleKey, clock.instant()) > 0;
    }

    private FleetModule load(String idOrKey) {
        return lookup(idOrKey).orElseThrow(() -> new ModuleNotFoundException(idOrKey));
    }

    private Optional<FleetModule> lookup(String idOrKey) {
        UUID id = parseUuid(idOrKey);
        if (id != null) {
            Optional<FleetModule> byId = repository.findById(id);
            if (byId.isPresent()) {
                return byId;
            }
        }
        return repository.findByModuleKey(idOrKey);
    }

    private static UUID parseUuid(String s) {
        if (s == null || s.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
