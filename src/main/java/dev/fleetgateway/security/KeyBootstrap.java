package dev.fleetgateway.security;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The first admin key. A configured {@code gateway.security.bootstrap-key} (a Kubernetes Secret in the chart) is
 * stored as an admin key with every role; without one, a gateway that has no admin key generates one and prints
 * it once, so that a fresh start can be used at once and the key can then be replaced over REST.
 *
 * <p>Replicas that start at once on an empty shared database must not each generate a key: a generated key's id
 * is fixed by its generation (the first one, the one after the first was revoked, ...), so only one replica's
 * insert of a generation succeeds and the others log that a key exists already.
 */
@Component
class KeyBootstrap implements InitializingBean {

    static final String NAME = "bootstrap-admin";

    private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

    private final ApiKeys keys;
    private final ApiKeyRepository stored;
    private final SecurityProperties props;

    KeyBootstrap(ApiKeys keys, ApiKeyRepository stored, SecurityProperties props) {
        this.keys = keys;
        this.stored = stored;
        this.props = props;
    }

    @Override
    public void afterPropertiesSet() {
        String configured = props.bootstrapKey();
        if (configured != null && !configured.isBlank()) {
            if (keys.storeIfAbsent(NAME, configured.strip(), EnumSet.allOf(Role.class))) {
                log.info("Bootstrap admin key from gateway.security.bootstrap-key stored as '{}'", NAME);
            }
            return;
        }
        if (keys.hasAdmin()) {
            return;
        }
        Optional<CreatedKey> created = keys.adminStored() ? Optional.empty() : nextGeneration()
                .flatMap(id -> keys.createIfAbsent(id, NAME, EnumSet.allOf(Role.class)));
        if (created.isEmpty()) {
            keys.refresh();
            log.info("An admin key exists already (another replica generated or stored it just now, see its log); "
                    + "no bootstrap key generated here");
            return;
        }
        // Printed once and never again: only its hash is stored.
        log.warn("GENERATED BOOTSTRAP ADMIN KEY (shown once, stored hashed; create named keys with it and "
                + "revoke it): {}", created.get().token());
    }

    /**
     * The id of the next generated key: the first generation whose row does not exist, or empty when a
     * generation's key is still live (another replica generated it after this one last looked).
     */
    private Optional<UUID> nextGeneration() {
        for (int generation = 1;; generation++) {
            UUID id = generatedId(generation);
            Optional<ApiKey> key = stored.findById(id);
            if (key.isEmpty()) {
                return Optional.of(id);
            }
            if (key.get().revokedAt() == null) {
                return Optional.empty();
            }
        }
    }

    static UUID generatedId(int generation) {
        return UUID.nameUUIDFromBytes(("fleet-gateway " + NAME + " " + generation).getBytes(StandardCharsets.UTF_8));
    }
}
