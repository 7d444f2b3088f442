package dev.fleetgateway.module;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.system.LogThrottle;

/**
 * The keys of the registry in memory, always: a hello is checked against the {@code unknown-modules} policy on
 * an event loop, and a send or verb addressed by key answers 404 (unknown) or 409 (registered, offline) without
 * a database read. Loaded before the module port opens, changed by this replica's registrations (REST creates
 * once committed, registrations at hello and by the simulator once written) and deletes, reloaded every half
 * minute for other replicas' (a cluster signal could call {@link #refresh()} sooner). About 100 bytes of heap
 * per module (BENCHMARKS.md).
 */
@Component
public class KnownModules implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KnownModules.class);

    private final ModuleRepository repository;
    private final DatabaseWriter writer;
    private final RegistryProperties.UnknownModules policy;
    private volatile Set<String> keys = ConcurrentHashMap.newKeySet();
    private final AtomicLong changes = new AtomicLong();
    private final LogThrottle failureWarning = new LogThrottle(log);

    private final ApplicationEventPublisher events;

    KnownModules(ModuleRepository repository, DatabaseWriter writer, RegistryProperties props,
            ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.writer = writer;
        this.policy = props.unknownModules();
    }

    /** The policy for a hello whose key the registry does not know. */
    public RegistryProperties.UnknownModules policy() {
        return policy;
    }

    /**
     * Whether the registry holds this key (as of this replica's own writes and the last reload). Keys only: a
     * module id is not in this table.
     */
    public boolean isKnown(String moduleKey) {
        return keys.contains(moduleKey);
    }

    @Override
    public void afterSingletonsInstantiated() {
        keys = load();
    }

    void added(String moduleKey) {
        changes.incrementAndGet();
        // only news is told: the simulator re-registers keys already known, one by one
        if (keys.add(moduleKey)) {
            events.publishEvent(new KnownModulesChanged(moduleKey));
        }
    }

    void removed(String moduleKey) {
        changes.incrementAndGet();
        keys.remove(moduleKey);
        events.publishEvent(new KnownModulesChanged(moduleKey));
    }

    /**
     * Takes in whether the registry holds this key now: another replica registered or deleted it and said so.
     * Reads the database on the calling thread (never call it on an event loop).
     */
    public void reload(String moduleKey) {
        boolean present = repository.existsByModuleKey(moduleKey);
        changes.incrementAndGet();
        if (present) {
            keys.add(moduleKey);
        } else {
            keys.remove(moduleKey);
        }
    }

    /** Reloads every key soon, on the writer (another replica changed many). */
    public void reloadAll() {
        refresh();
    }

    /** Reloads the table from the registry soon, on the database writer (registrations of other replicas). */
    @Scheduled(fixedDelay = 30, initialDelay = 30, timeUnit = TimeUnit.SECONDS)
    public void refresh() {
        writer.tryOffer(() -> {
            try {
                long before = changes.get();
                Set<String> loaded = load();
                // A reload that raced with a local change could undo it: keep the table, try next time.
                if (changes.get() == before) {
                    keys = loaded;
                }
            } catch (RuntimeException e) {
                failureWarning.warn("Known module keys not refreshed: {}", e.toString());
            }
        });
    }

    private Set<String> load() {
        Set<String> s = ConcurrentHashMap.newKeySet();
        s.addAll(repository.findAllKeys());
        return s;
    }
}
