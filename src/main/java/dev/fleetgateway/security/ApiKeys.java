package dev.fleetgateway.security;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.system.FleetException;

/**
 * API keys: created and revoked by an admin, checked on every request against an in-memory table of live keys
 * (no database read per request); a key leaves the table when it is revoked or expires. Last-used times are
 * collected in memory and written in batches on the database writer.
 */
@Service
public class ApiKeys {

    /** A live key as the request path sees it. */
    private record Live(UUID id, String name, Set<Role> roles, Instant expiresAt, byte[] hash) {

        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private final ApiKeyRepository keys;
    private final TransactionTemplate tx;
    private final DatabaseWriter writer;
    private final SecurityProperties props;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> used = new ConcurrentHashMap<>();
    private volatile Instant lastRefresh = clock.instant();

    ApiKeys(ApiKeyRepository keys, PlatformTransactionManager transactions, DatabaseWriter writer,
            SecurityProperties props) {
        this.keys = keys;
        this.tx = new TransactionTemplate(transactions);
        this.writer = writer;
        this.props = props;
        reload();
    }

    // Replicas share the database but not this table: a key created or revoked on another replica is picked up
    // here within one refresh. The first run is at start, so its meters exist from the first scrape on.
    @Scheduled(fixedDelayString = "${gateway.security.refresh:10s}", timeUnit = TimeUnit.MILLISECONDS)
    void refresh() {
        // Revocations since the last refresh, with a margin for clocks of replicas that disagree a little; a
        // revoked key never comes back, so this cannot drop a key created here meanwhile.
        Instant since = lastRefresh.minus(Duration.ofMinutes(1));
        lastRefresh = clock.instant();
        keys.findByRevokedAtGreaterThanEqual(since).forEach(k -> live.remove(k.secretSha256()));
        reload();
    }

    /** Adds the stored live keys the table lacks and drops expired ones. */
    private void reload() {
        Instant now = clock.instant();
        keys.findByRevokedAtIsNull().stream().filter(k -> k.expiresAt() == null || now.isBefore(k.expiresAt()))
                .forEach(k -> live.computeIfAbsent(k.secretSha256(), h -> live(k)));
        dropExpired(now);
    }

    // An expired key can never become valid again (its expiry is fixed at creation), so it leaves the table for
    // good: the table holds live keys only, and max-keys counts only those.
    private void dropExpired(Instant now) {
        live.values().removeIf(k -> k.expired(now));
    }

    /** How many keys the in-memory table holds. */
    int liveCount() {
        return live.size();
    }

    /** The caller a bearer token stands for, or empty when it is no live, unexpired key. */
    public Optional<Caller> authenticate(String token) {
        return authenticate(KeyTokens.sha256(token));
    }

    /**
     * The caller a key's SHA-256 (hex, what a console session keeps instead of the key) stands for, checked like
     * a token on every request: empty once the key is revoked or expired.
     */
    public Optional<Caller> authenticateDigest(String sha256Hex) {
        try {
            return authenticate(HexFormat.of().parseHex(sha256Hex));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** The SHA-256 (hex) of a token, as {@link #authenticateDigest} takes it. */
    public static String digest(String token) {
        return KeyTokens.sha256Hex(token);
    }

    private Optional<Caller> authenticate(byte[] hash) {
        Live k = live.get(HexFormat.of().formatHex(hash));
        // The map finds the entry by hash; the constant-time compare keeps the final check free of timing.
        if (k == null || !MessageDigest.isEqual(k.hash(), hash)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (k.expired(now)) {
            live.remove(HexFormat.of().formatHex(hash), k);
            return Optional.empty();
        }
        used.put(k.id(), now);
        return Optional.of(new Caller(k.name(), k.roles()));
    }

    /** Creates a key; its token is in the answer and nowhere else. */
    public CreatedKey create(String name, Set<Role> roles, Instant expiresAt) {
        if (roles.isEmpty()) {
            throw invalid("A key needs at least one role");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw invalid("expiresAt " + expiresAt + " is not in the future");
        }
        dropExpired(clock.instant());
        if (live.size() >= props.maxKeys()) {
            throw new FleetException(FleetException.Kind.TOO_MANY, "too-many-keys", "Too many API keys",
                    "At most " + props.maxKeys() + " live keys (gateway.security.max-keys); revoke one first");
        }
        String token = KeyTokens.newToken();
        ApiKey key = store(name, token, roles, expiresAt);
        return new CreatedKey(ApiKeyView.of(key), token);
    }

    /** Every key, revoked ones included, oldest first; never a secret. */
    public List<ApiKeyView> list() {
        flushLastUsed();
        return keys.findAllByOrderByCreatedAtAsc().stream().map(ApiKeyView::of).toList();
    }

    /** Revokes a key: it is refused from the next request on. */
    public ApiKeyView revoke(UUID id) {
        ApiKey key = tx.execute(s -> {
            ApiKey k = keys.findById(id).orElseThrow(() -> new FleetException(FleetException.Kind.NOT_FOUND,
                    "key-not-found", "API key not found", "No API key has id " + id));
            if (k.revokedAt() == null) {
                k.revoke(clock.instant());
            }
            return k;
        });
        live.remove(key.secretSha256());
        return ApiKeyView.of(key);
    }

    /** Stores a key whose token is already known (the bootstrap key) unless its hash is stored already. */
    boolean storeIfAbsent(String name, String token, Set<Role> roles) {
        if (keys.findBySecretSha256(KeyTokens.sha256Hex(token)).isPresent()) {
            // Stored before (an earlier start, or another replica just now): make sure this table has it too.
            reload();
            return false;
        }
        try {
            store(name, token, roles, null);
        } catch (DataIntegrityViolationException e) {
            // Another replica stored the same key between the look-up and the insert (the hash is unique).
            reload();
            return false;
        }
        return true;
    }

    /**
     * Creates a key under a given id unless a row has that id already: the primary key makes this
     * insert-if-absent, so of replicas that try the same id at once exactly one creates its key.
     */
    Optional<CreatedKey> createIfAbsent(UUID id, String name, Set<Role> roles) {
        String token = KeyTokens.newToken();
        ApiKey key = new ApiKey(id, name, KeyTokens.sha256Hex(token), EnumSet.copyOf(roles), clock.instant(), null);
        try {
            tx.executeWithoutResult(s -> keys.saveAndFlush(key));
        } catch (DataIntegrityViolationException e) {
            reload();
            return Optional.empty();
        }
        admit(key);
        return Optional.of(new CreatedKey(ApiKeyView.of(key), token));
    }

    /** Whether any live, unexpired key in this table carries the admin role. */
    boolean hasAdmin() {
        Instant now = clock.instant();
        return live.values().stream().anyMatch(k -> !k.expired(now) && k.roles().contains(Role.ADMIN));
    }

    /** Whether the database holds a live, unexpired admin key (one another replica made counts too). */
    boolean adminStored() {
        Instant now = clock.instant();
        return keys.findByRevokedAtIsNull().stream().anyMatch(k -> k.roles().contains(Role.ADMIN)
                && (k.expiresAt() == null || now.isBefore(k.expiresAt())));
    }

    private ApiKey store(String name, String token, Set<Role> roles, Instant expiresAt) {
        ApiKey key = new ApiKey(name, KeyTokens.sha256Hex(token), EnumSet.copyOf(roles), clock.instant(),
                expiresAt);
        tx.executeWithoutResult(s -> keys.saveAndFlush(key));
        admit(key);
        return key;
    }

    private void admit(ApiKey k) {
        live.put(k.secretSha256(), live(k));
    }

    private static Live live(ApiKey k) {
        return new Live(k.getId(), k.name(), Set.copyOf(k.roles()), k.expiresAt(),
                HexFormat.of().parseHex(k.secretSha256()));
    }

    // Last-used times are a convenience for admins, so a full writer queue may skip a round: they stay
    // collected and go with the next one.
    @Scheduled(fixedDelayString = "${gateway.security.last-used-flush:10s}", timeUnit = TimeUnit.MILLISECONDS)
    void scheduledFlush() {
        if (!used.isEmpty()) {
            writer.tryOffer(this::flushLastUsed);
        }
    }

    private void flushLastUsed() {
        if (used.isEmpty()) {
            return;
        }
        Map<UUID, Instant> batch = Map.copyOf(used);
        batch.forEach(used::remove);
        tx.executeWithoutResult(s -> keys.findAllById(batch.keySet()).forEach(k -> k.usedAt(batch.get(k.getId()))));
    }

    private static FleetException invalid(String detail) {
        return new FleetException(FleetException.Kind.INVALID, "invalid-key-request", "Invalid API key request",
                detail);
    }
}
