package dev.fleetgateway.module;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.system.LogThrottle;

/**
 * Checks the proof in a hello against the credentials of its module key, from memory: a hello is checked on
 * an event loop, where no database call may run. The table is loaded before the module port opens, changed
 * at once by this replica's credential REST calls, and reloaded every half minute for changes made through
 * other replicas. Last-used times are collected here and written on the database writer.
 */
@Component
public class ModuleCredentials implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ModuleCredentials.class);

    /** What a hello's proof amounts to. */
    public enum Proof {
        /** The module has never had a credential, so there is nothing to prove. */
        NOT_REQUIRED,
        /** The token or the HMAC matched a live credential. */
        PROVEN,
        /** The module has a credential and the hello carried no proof. */
        MISSING,
        /** The proof matched no credential of the module. */
        WRONG,
        /** The token matched a revoked credential. */
        REVOKED
    }

    /** One credential as the check needs it. */
    record Entry(UUID id, byte[] sha256, boolean revoked) {
    }

    private final ModuleCredentialRepository repository;
    private final DatabaseWriter writer;
    private final Clock clock = Clock.systemUTC();
    private volatile ConcurrentHashMap<String, List<Entry>> byKey = new ConcurrentHashMap<>();
    /** Bumped by every local change: a reload that raced with one is not installed (it could undo it). */
    private final AtomicLong changes = new AtomicLong();
    private final ConcurrentHashMap<UUID, Instant> used = new ConcurrentHashMap<>();
    private final LogThrottle failureWarning = new LogThrottle(log);

    ModuleCredentials(ModuleCredentialRepository repository, DatabaseWriter writer) {
        this.repository = repository;
        this.writer = writer;
    }

    @Override
    public void afterSingletonsInstantiated() {
        // Before the module port opens: a hello checked against an empty table would let a hijacker in.
        install(load());
    }

    /**
     * Checks a hello's proof: a token, or an HMAC of the nonce this session was sent (either may be null).
     * Never blocks; safe on an event loop.
     */
    public Proof check(String moduleKey, String token, String hmacHex, String nonce) {
        List<Entry> entries = byKey.get(moduleKey);
        // Revoked credentials count: revoking a leaked last token must lock the key, not open it to anyone.
        if (entries == null) {
            return Proof.NOT_REQUIRED;
        }
        if (token != null) {
            byte[] digest = Secrets.sha256(token);
            Proof result = Proof.WRONG;
            // Every entry is compared, so the time taken does not tell which one matched.
            for (Entry e : entries) {
                if (Secrets.same(digest, e.sha256())) {
                    result = e.revoked() ? Proof.REVOKED : used(e);
                }
            }
            return result;
        }
        if (hmacHex != null && nonce != null) {
            byte[] answer = Secrets.fromHex(hmacHex.toLowerCase());
            if (answer == null) {
                return Proof.WRONG;
            }
            Proof result = Proof.WRONG;
            for (Entry e : entries) {
                if (Secrets.same(answer, Secrets.hmac(e.sha256(), nonce))) {
                    result = e.revoked() ? Proof.REVOKED : used(e);
                }
            }
            return result;
        }
        return Proof.MISSING;
    }

    /** Whether the module has a credential (revoked ones included): its hello must prove one. */
    public boolean hasCredential(String moduleKey) {
        return byKey.containsKey(moduleKey);
    }

    /** Whether the module has any credential, revoked ones included. */
    boolean knows(String moduleKey) {
        return byKey.containsKey(moduleKey);
    }

    private Proof used(Entry e) {
        used.put(e.id(), clock.instant());
        return Proof.PROVEN;
    }

    /** Takes in the credentials of a module as this replica just saved them (all of them, revoked too). */
    void changed(String moduleKey, List<ModuleCredential> all) {
        synchronized (this) {
            changes.incrementAndGet();
            if (all.isEmpty()) {
                byKey.remove(moduleKey);
            } else {
                byKey.put(moduleKey, all.stream().map(ModuleCredentials::entry).toList());
            }
        }
    }

    /**
     * Takes in the module's credentials as the database holds them now: another replica changed them and said so.
     * Reads the database on the calling thread (never call it on an event loop).
     */
    public void reload(String moduleKey) {
        changed(moduleKey, repository.findByModuleKeyOrderByCreatedAt(moduleKey));
    }

    /** Reloads the whole table soon, on the writer (another replica changed many modules' credentials). */
    public void reloadAll() {
        refresh();
    }

    /** Reloads the table (changes made through other replicas) and writes last-used times, on the writer. */
    @Scheduled(fixedDelay = 30, initialDelay = 30, timeUnit = TimeUnit.SECONDS)
    void refresh() {
        writer.tryOffer(() -> {
            try {
                writeLastUsed();
                long before = changes.get();
                ConcurrentHashMap<String, List<Entry>> loaded = load();
                synchronized (this) {
                    if (changes.get() == before) {
                        byKey = loaded;
                    }
                }
            } catch (RuntimeException e) {
                failureWarning.warn("Module credentials not refreshed: {}", e.toString());
            }
        });
    }

    // One bulk update per 500 credentials, stamped with the latest use among them: after a storm of thousands
    // of hellos a row per credential would hold the writer for long, and last-used is a hint (30 s at worst).
    private void writeLastUsed() {
        List<Map.Entry<UUID, Instant>> all = new ArrayList<>(used.entrySet());
        for (int from = 0; from < all.size(); from += 500) {
            List<Map.Entry<UUID, Instant>> batch = all.subList(from, Math.min(all.size(), from + 500));
            Instant latest = batch.stream().map(Map.Entry::getValue).max(Instant::compareTo).orElseThrow();
            repository.touchAll(batch.stream().map(Map.Entry::getKey).toList(), latest);
            batch.forEach(e -> used.remove(e.getKey(), e.getValue()));
        }
    }

    /** Last-used times not yet written, so a listing shows the newest. */
    Instant pendingLastUse(UUID id) {
        return used.get(id);
    }

    private ConcurrentHashMap<String, List<Entry>> load() {
        Map<String, List<Entry>> m = new HashMap<>();
        for (ModuleCredential c : repository.findAll()) {
            m.computeIfAbsent(c.moduleKey(), k -> new ArrayList<>()).add(entry(c));
        }
        ConcurrentHashMap<String, List<Entry>> frozen = new ConcurrentHashMap<>();
        m.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return frozen;
    }

    private synchronized void install(ConcurrentHashMap<String, List<Entry>> loaded) {
        byKey = loaded;
    }

    private static Entry entry(ModuleCredential c) {
        return new Entry(c.getId(), Secrets.fromHex(c.secretSha256()), c.revoked());
    }
}
