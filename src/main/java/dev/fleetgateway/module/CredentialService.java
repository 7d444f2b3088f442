package dev.fleetgateway.module;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.fleetgateway.system.FleetException;

/**
 * Issues, lists, revokes and provisions module credentials. Each change is committed first and then handed to
 * {@link ModuleCredentials}, so a hello is never checked against a credential the database does not hold.
 */
@Service
public class CredentialService {

    private final ModuleCredentialRepository repository;
    private final ModuleService modules;
    private final ModuleCredentials cache;
    private final TransactionTemplate tx;
    private final int maxCredentials;
    private final Clock clock = Clock.systemUTC();
    private final ApplicationEventPublisher events;

    CredentialService(ModuleCredentialRepository repository, ModuleService modules, ModuleCredentials cache,
            PlatformTransactionManager transactions, RegistryProperties props, ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.modules = modules;
        this.cache = cache;
        this.tx = new TransactionTemplate(transactions);
        this.maxCredentials = props.maxCredentials();
    }

    /** Generates a token for a registered module; the answer is the only place the token ever appears. */
    public CredentialViews.Issued issue(String idOrKey) {
        String key = modules.get(idOrKey).moduleKey();
        String token = Secrets.newToken();
        ModuleCredential saved = tx.execute(s -> {
            checkRoom(key, 1);
            return repository.save(new ModuleCredential(key, Secrets.sha256Hex(token),
                    ModuleCredential.Origin.GENERATED, clock.instant()));
        });
        reload(key);
        events.publishEvent(new ModuleCredentialsChanged(Set.of(key)));
        return new CredentialViews.Issued(saved.getId(), key, saved.createdAt(), token,
                "IMEI:" + key + ";TOKEN:" + token);
    }

    /** The module's credentials, oldest first, revoked ones included, never a secret. */
    public List<CredentialViews.Credential> list(String idOrKey) {
        String key = credentialedKey(idOrKey);
        return repository.findByModuleKeyOrderByCreatedAt(key).stream().map(this::view).toList();
    }

    /** Revokes one credential: from now on a hello that proves it is refused. Revoking twice is harmless. */
    public CredentialViews.Credential revoke(String idOrKey, UUID credentialId) {
        String key = credentialedKey(idOrKey);
        ModuleCredential c = tx.execute(s -> {
            ModuleCredential found = repository.findByIdAndModuleKey(credentialId, key)
                    .orElseThrow(() -> FleetException.notFound("Credential", credentialId.toString()));
            found.revoke(clock.instant());
            return found;
        });
        reload(key);
        events.publishEvent(new ModuleCredentialsChanged(Set.of(key)));
        return view(c);
    }

    /**
     * Adds hashes provisioned elsewhere (a factory line that flashes tokens), modules registered or not. A hash
     * a module already holds is left alone; all or nothing when a module would pass its credential limit.
     */
    public CredentialViews.Provisioned provision(List<CredentialViews.Provision> items) {
        Map<String, Set<String>> byKey = new LinkedHashMap<>();
        for (CredentialViews.Provision p : items) {
            byKey.computeIfAbsent(p.moduleKey(), k -> new LinkedHashSet<>()).add(p.sha256().toLowerCase());
        }
        int[] added = new int[1];
        tx.executeWithoutResult(s -> {
            byKey.forEach((key, hashes) -> {
                List<String> fresh = hashes.stream()
                        .filter(h -> !repository.existsByModuleKeyAndSecretSha256(key, h)).toList();
                checkRoom(key, fresh.size());
                fresh.forEach(h -> repository.save(new ModuleCredential(key, h, ModuleCredential.Origin.PROVISIONED,
                        clock.instant())));
                added[0] += fresh.size();
            });
        });
        byKey.keySet().forEach(this::reload);
        events.publishEvent(new ModuleCredentialsChanged(Set.copyOf(byKey.keySet())));
        return new CredentialViews.Provisioned(added[0], items.size() - added[0]);
    }

    // Credentials outlive a registry row on purpose (deleting a module must not disarm its key), and hashes
    // can be provisioned before a module is registered: such a key is still addressable here.
    private String credentialedKey(String idOrKey) {
        return modules.find(idOrKey).map(ModuleView::moduleKey).orElseGet(() -> {
            if (cache.knows(idOrKey)) {
                return idOrKey;
            }
            throw new ModuleNotFoundException(idOrKey);
        });
    }

    /** Hands the module's credentials as committed to the hello check. */
    void reload(String moduleKey) {
        cache.changed(moduleKey, repository.findByModuleKeyOrderByCreatedAt(moduleKey));
    }

    private void checkRoom(String key, int more) {
        if (more > 0 && repository.countByModuleKeyAndRevokedAtIsNull(key) + more > maxCredentials) {
            throw FleetException.conflict("too-many-credentials", "Too many credentials",
                    "Module '" + key + "' may hold at most " + maxCredentials + " credentials that are not "
                            + "revoked (gateway.registry.max-credentials); revoke one first");
        }
    }

    private CredentialViews.Credential view(ModuleCredential c) {
        java.time.Instant pending = cache.pendingLastUse(c.getId());
        java.time.Instant lastUsed = pending != null ? pending : c.lastUsedAt();
        return new CredentialViews.Credential(c.getId(), c.moduleKey(), c.origin().name(), c.createdAt(), lastUsed,
                c.revokedAt(), c.revoked());
    }
}
