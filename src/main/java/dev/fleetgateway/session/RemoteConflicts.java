package dev.fleetgateway.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.fleetgateway.system.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Closes a session here that lost its key to a session another replica identified first (duplicate policy
 * {@code REJECT}, both hellos within the milliseconds a notification takes): refused as a local duplicate is,
 * {@code DUPLICATE_REJECTED}, counted in {@code fleet.sessions.identity.refused{reason="duplicate_key"}}.
 */
@Component
public class RemoteConflicts {

    private static final Logger log = LoggerFactory.getLogger(RemoteConflicts.class);

    private final Counter refused;
    private final LogThrottle throttle = new LogThrottle(log);
    private final boolean firstHolderKeeps;

    RemoteConflicts(MeterRegistry meters, SessionProperties props) {
        this.firstHolderKeeps = props.duplicateKey() == SessionProperties.DuplicatePolicy.REJECT;
        // the same meter Identification counts local duplicates in
        this.refused = Counter.builder("fleet.sessions.identity.refused")
                .description("Sessions refused at identification, by reason")
                .tag("reason", IdentityRefusal.DUPLICATE_KEY.tag()).register(meters);
    }

    /** Whether a key stays with the session that took it first (duplicate policy REJECT), not the newest. */
    public boolean firstHolderKeeps() {
        return firstHolderKeeps;
    }

    /** The session identified after another replica's session of the same key: it is closed. */
    public void lostToEarlierHolder(ModuleSession s, String holderReplica) {
        if (s.isClosed()) {
            return;
        }
        refused.increment();
        throttle.warn("Identification refused (duplicate_key) for key {}: replica {} held it first, session {} "
                + "closed; counted in fleet.sessions.identity.refused (one line per 30 s)", s.moduleKey(),
                holderReplica, s.id());
        s.close(CloseReason.DUPLICATE_REJECTED);
    }
}
