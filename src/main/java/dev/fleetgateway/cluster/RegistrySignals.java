package dev.fleetgateway.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.fleetgateway.module.KnownModulesChanged;
import dev.fleetgateway.module.ModuleCredentialsChanged;
import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.system.LogThrottle;

/**
 * Tells the other replicas at once when module credentials or registry keys changed here, so a hello there is
 * checked against them within milliseconds rather than at their next 30 s reload (a credential issued here must
 * not leave another replica open to an unproven hello for its key). Changes are collected after their commit
 * and sent by one task on the database writer (a simulator registering thousands of keys costs a few
 * notifications, not thousands); more than {@value #MAX_KEYS} keys at once become one "reload all" signal.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class RegistrySignals {

    static final int MAX_KEYS = 32;
    private static final Logger log = LoggerFactory.getLogger(RegistrySignals.class);

    private final ClusterDatabase db;
    private final DatabaseWriter writer;
    private final String self;
    private final TransactionTemplate ownTransaction;
    private final LogThrottle failures = new LogThrottle(log);
    private final Runnable flush = this::flush;
    /** Guarded by {@code this}. */
    private Set<String> credentials = new HashSet<>();
    private Set<String> known = new HashSet<>();
    private boolean queued;

    RegistrySignals(ClusterDatabase db, DatabaseWriter writer, ReplicaIdentity identity) {
        this.db = db;
        this.writer = writer;
        this.self = identity.id();
        // a task may run in a transaction's after-commit phase, where a joined transaction would never commit
        this.ownTransaction = new TransactionTemplate(db.tx().getTransactionManager());
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onCredentials(ModuleCredentialsChanged e) {
        collect(e.moduleKeys(), true);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void onKnownModules(KnownModulesChanged e) {
        collect(Set.of(e.moduleKey()), false);
    }

    private void collect(Set<String> keys, boolean ofCredentials) {
        boolean start;
        synchronized (this) {
            (ofCredentials ? credentials : known).addAll(keys);
            start = !queued;
            queued = true;
        }
        if (start && !writer.tryOffer(flush)) {
            flush(); // the writer's queue is full: tell them from here rather than leave them 30 s behind
        }
    }

    /** Sends what was collected, in one statement, in a transaction of its own. */
    private void flush() {
        Set<String> c;
        Set<String> k;
        synchronized (this) {
            c = credentials;
            k = known;
            credentials = new HashSet<>();
            known = new HashSet<>();
            queued = false;
        }
        List<String> signals = new ArrayList<>();
        add(signals, c, true);
        add(signals, k, false);
        if (signals.isEmpty()) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(s -> db.notify(signals));
        } catch (RuntimeException e) {
            failures.warn("Registry changes not signalled to the other replicas (their 30 s reload will take them "
                    + "in): {}", e.toString());
        }
    }

    private void add(List<String> signals, Set<String> keys, boolean ofCredentials) {
        if (keys.size() > MAX_KEYS) {
            keys = Set.of(Signal.ALL_KEYS);
        }
        for (String key : keys) {
            signals.add(ofCredentials ? Signal.credentials(key, self) : Signal.knownModules(key, self));
        }
    }
}
