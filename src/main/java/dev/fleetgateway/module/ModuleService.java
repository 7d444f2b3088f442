package dev.fleetgateway.module;


import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.fleetgateway.system.FleetException;

/** The module registry: the one way other features read and register modules. */
@Service
public class ModuleService {

    private final ModuleRepository repository;
    private final KnownModules known;
    private final Clock clock;
    private final JdbcTemplate jdbc;

    ModuleService(ModuleRepository repository, KnownModules known, DataSource dataSource) {
        this.repository = repository;
        this.known = known;
        this.clock = Clock.systemUTC();
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The columns {@link FleetModule} maps; a new module has no name, no labels and version 0 (Hibernate's seed). */
    private static final String INSERT_SIGHTED = "insert into fleet_module (id, module_key, name, kind, created_at, "
            + "last_seen_at, version) values (?, ?, null, ?, ?, ?, 0)";

    @Transactional
    public ModuleView create(ModuleRequests.Create req) {
        if (repository.existsByModuleKey(req.moduleKey())) {
            throw duplicate(req.moduleKey());
        }
        FleetModule m = new FleetModule(req.moduleKey(), req.name(), req.kind() == null ? ModuleKind.REAL : req.kind(),
                req.labels(), clock.instant());
        try {
            ModuleView created = ModuleView.of(repository.saveAndFlush(m));
            afterCommit(() -> known.added(created.moduleKey()));
            return created;
        } catch (DataIntegrityViolationException race) {
            throw duplicate(req.moduleKey());
        }
    }

    private static FleetException duplicate(String key) {
        return FleetException.conflict("duplicate-module-key", "Duplicate module key",
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
    public Page<ModuleView> list(ModuleKind kind, Map<String, String> labels, Pageable pageable) {
        return repository.findAll(ModuleSpecifications.filter(kind, labels), pageable).map(ModuleView::of);
    }

    /** A page of modules whose labels all match and whose key or name contains {@code text} (any case). */
    @Transactional(readOnly = true)
    public Page<ModuleView> search(String text, Map<String, String> labels, Pageable pageable) {
        return repository.findAll(ModuleSpecifications.filter(null, labels, text), pageable).map(ModuleView::of);
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
    public ModuleView update(String idOrKey, ModuleRequests.Update req) {
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
    public void delete(String idOrKey) {
        FleetModule m = load(idOrKey);
        repository.delete(m);
        String key = m.getModuleKey();
        afterCommit(() -> known.removed(key));
    }

    /**
     * The in-memory key table follows what the registry holds once committed, so a rolled-back create or delete
     * leaves it right. Still before the method returns to its caller, so the next request sees the change.
     */
    private static void afterCommit(Runnable change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            change.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                change.run();
            }
        });
    }

    /**
     * Writes sightings of many modules in one transaction: one query finds which keys are known, at most two
     * bulk updates refresh their last-seen (and make them SIMULATED where a sighting says so), and unknown keys
     * with a kind are inserted (in JDBC batches). Touches of unknown keys are ignored; sightings of the same
     * key are merged first. Called off the event loop, in batches of a few hundred.
     *
     * <p>The inserts are one plain JDBC batch in this transaction, not entities persisted through Hibernate: a
     * connect storm of new modules spent about 40% of the database writer's CPU in Hibernate's persist and flush
     * of entities nobody reads back in this transaction (issue 18). A duplicate key still fails as a
     * {@link DataIntegrityViolationException}, which the caller retries key by key.
     */
    @Transactional
    public void recordSightings(Collection<Sighting> sightings) {
        Map<String, Sighting> byKey = new LinkedHashMap<>();
        sightings.forEach(s -> byKey.merge(s.moduleKey(), s, Sighting::merge));
        if (byKey.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>(repository.findKnownKeys(byKey.keySet()));
        // One timestamp per bulk update: the latest of its sightings, a few milliseconds after the earliest
        // (the one-row-at-a-time writer used the time of the write, later still).
        List<String> seen = new ArrayList<>();
        List<String> seenSimulated = new ArrayList<>();
        Instant seenAt = Instant.MIN;
        Instant seenSimulatedAt = Instant.MIN;
        List<Sighting> added = new ArrayList<>();
        for (Sighting s : byKey.values()) {
            if (known.contains(s.moduleKey()) && s.kind() == ModuleKind.SIMULATED) {
                seenSimulated.add(s.moduleKey());
                seenSimulatedAt = later(seenSimulatedAt, s.at());
            } else if (known.contains(s.moduleKey())) {
                seen.add(s.moduleKey());
                seenAt = later(seenAt, s.at());
            } else if (s.kind() != null) {
                added.add(s);
            }
        }
        if (!seen.isEmpty()) {
            repository.touchAll(seen, seenAt);
        }
        if (!seenSimulated.isEmpty()) {
            repository.touchAllAs(seenSimulated, ModuleKind.SIMULATED, seenSimulatedAt);
        }
        if (!added.isEmpty()) {
            jdbc.batchUpdate(INSERT_SIGHTED, added, added.size(), (ps, s) -> {
                OffsetDateTime at = OffsetDateTime.ofInstant(s.at(), ZoneOffset.UTC);
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, s.moduleKey());
                ps.setString(3, s.kind().name());
                ps.setObject(4, at);
                ps.setObject(5, at);
            });
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Whether {@code idOrKey} may name a module by its id (a UUID), which the registry alone can resolve. Anything
     * else can only be a key, so a caller holding a live session under that key needs no registry read.
     */
    public static boolean mayBeId(String idOrKey) {
        return parseUuid(idOrKey) != null;
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
