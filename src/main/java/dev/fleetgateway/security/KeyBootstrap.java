package dev.fleetgateway.security;

import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The first admin key. A configured {@code gateway.security.bootstrap-key} (a Kubernetes Secret in the chart) is
 * stored as an admin key with every role; without one, a gateway that has no admin key generates one and prints
 * it once, so that a fresh start can be used at once and the key can then be replaced over REST.
 */
@Component
class KeyBootstrap implements InitializingBean {

    static final String NAME = "bootstrap-admin";

    private static final Logger log = LoggerFactory.getLogger(KeyBootstrap.class);

    private final ApiKeys keys;
    private final SecurityProperties props;

    KeyBootstrap(ApiKeys keys, SecurityProperties props) {
        this.keys = keys;
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
        CreatedKey created = keys.create(NAME, EnumSet.allOf(Role.class), null);
        // Printed once and never again: only its hash is stored.
        log.warn("GENERATED BOOTSTRAP ADMIN KEY (shown once, stored hashed; create named keys with it and "
                + "revoke it): {}", created.token());
    }
}
