package dev.fleetgateway.cluster;

import static dev.fleetgateway.support.cluster.ClusterContexts.httpPort;
import static dev.fleetgateway.support.cluster.ClusterContexts.modulePort;
import static dev.fleetgateway.support.cluster.ClusterContexts.registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleCredentials;
import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.cluster.ClusterContexts;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The module-security and duplicate rules hold across replicas as inside one: two replicas with
 * {@code duplicate-key=REJECT} (one schema), and two with {@code unknown-modules=REJECT} (another schema) for
 * credentials and registry changes, which reach the other replica within a second. Runs where
 * FLEET_TEST_POSTGRES_URL names a database; the schemas are dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ClusterRulesIntegrationTests {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    private static ClusterContexts rejecting;
    private static ClusterContexts registered;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static ConfigurableApplicationContext regA;
    private static ConfigurableApplicationContext regB;

    @BeforeAll
    static void startReplicas() throws SQLException {
        rejecting = ClusterContexts.create("fg_rules_dup_");
        registered = ClusterContexts.create("fg_rules_reg_");
        a = rejecting.start("dup-a", "--gateway.modules.duplicate-key=REJECT");
        b = rejecting.start("dup-b", "--gateway.modules.duplicate-key=REJECT");
        regA = registered.start("reg-a", "--gateway.registry.unknown-modules=REJECT");
        regB = registered.start("reg-b", "--gateway.registry.unknown-modules=REJECT");
    }

    @AfterAll
    static void stopAndDropSchemas() throws SQLException {
        try {
            if (registered != null) {
                registered.close();
            }
        } finally {
            if (rejecting != null) {
                rejecting.close();
            }
        }
    }

    @Test
    void underRejectASecondHelloForAKeyHeldOnTheOtherReplicaIsRefusedAndTheFirstSessionKeepsItsRow()
            throws Exception {
        String key = key();
        try (ModuleClient onA = ModuleClient.hello(modulePort(a), key)) {
            Await.until("b sees " + key + " on a", () -> "dup-a".equals(ownerSeenBy(b, key)));
            ModuleSession first = registry(a).findByModuleKey(key).orElseThrow();
            double refusedBefore = refused(b, "duplicate_key");
            try (ModuleClient onB = ModuleClient.hello(modulePort(b), key)) {
                assertThat(onB.closedByServer(5000)).as("the newcomer on b is closed").isTrue();
            }
            assertThat(refused(b, "duplicate_key")).as("counted as a local duplicate is")
                    .isEqualTo(refusedBefore + 1);
            assertThat(registry(b).list(s -> key.equals(s.moduleKey()))).as("b never took the key").isEmpty();
            assertThat(first.isOpen()).as("a's session stays").isTrue();
            assertThat(onA.closedByServer(300)).isFalse();
            assertThat(row(rejecting, key)).isEqualTo("dup-a " + first.id());
            assertThat(ownerSeenBy(b, key)).isEqualTo("dup-a");
        }
    }

    @Test
    void underRejectTwoHellosOnTwoReplicasAtOnceLeaveOneOpenSessionWithItsRow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                race(pool, key() + "-r" + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void race(ExecutorService pool, String key) throws Exception {
        try (ModuleClient onA = new ModuleClient(modulePort(a)); ModuleClient onB = new ModuleClient(modulePort(b))) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> hellos = new ArrayList<>();
            for (ModuleClient m : List.of(onA, onB)) {
                hellos.add(pool.submit(() -> {
                    go.await();
                    return m.sayHello(key);
                }));
            }
            go.countDown();
            for (Future<?> f : hellos) {
                f.get();
            }
            Await.until("one open session of " + key + " with its row, seen by both replicas",
                    () -> settled(key) != null);
            String winner = settled(key);
            Thread.sleep(300); // late signals (a re-assert, a removal) must not undo it
            assertThat(settled(key)).as("still settled on the same session").isEqualTo(winner);
            System.out.printf("race %s: %d session(s) bound the key, %s kept it%n", key, sessionsOf(key).size(),
                    winner);
            for (ModuleSession s : sessionsOf(key)) {
                if (!s.isOpen()) {
                    assertThat(s.closeReason()).as("the loser of " + key + " is refused, never replaces")
                            .isEqualTo(CloseReason.DUPLICATE_REJECTED);
                }
            }
        }
        Await.until("row of " + key + " removed", () -> row(rejecting, key) == null);
    }

    /** "replica session" of the one open session of the key when its row and both mirrors name it; else null. */
    private static String settled(String key) {
        List<String> open = new ArrayList<>();
        for (ConfigurableApplicationContext c : List.of(a, b)) {
            String id = c.getBean(ReplicaIdentity.class).id();
            registry(c).list(s -> key.equals(s.moduleKey()) && s.isOpen())
                    .forEach(s -> open.add(id + " " + s.id()));
        }
        if (open.size() != 1 || sessionsOf(key).stream().filter(s -> !s.isOpen() && !s.isClosed()).count() > 0) {
            return null;
        }
        String holder = open.get(0);
        String replica = holder.substring(0, holder.indexOf(' '));
        String other = replica.equals("dup-a") ? "dup-b" : "dup-a";
        boolean mirrors = replica.equals(ownerSeenBy(other.equals("dup-a") ? a : b, key));
        return holder.equals(row(rejecting, key)) && mirrors ? holder : null;
    }

    private static List<ModuleSession> sessionsOf(String key) {
        List<ModuleSession> all = new ArrayList<>(registry(a).list(s -> key.equals(s.moduleKey())));
        all.addAll(registry(b).list(s -> key.equals(s.moduleKey())));
        return all;
    }

    @Test
    void aCredentialIssuedOnAIsEnforcedOnBWithinASecond() throws Exception {
        String key = key();
        Http viaA = new Http(httpPort(regA));
        assertThat(viaA.post("/api/v1/modules", "{\"moduleKey\":\"" + key + "\"}").status()).isEqualTo(201);
        Http.Response issued = viaA.post("/api/v1/modules/" + key + "/credentials", "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        Await.until("b holds the credential of " + key, WITHIN,
                () -> regB.getBean(ModuleCredentials.class).hasCredential(key));
        try (ModuleClient proven = new ModuleClient(modulePort(regA))) {
            proven.send(issued.json().get("hello").asString() + "\r\n");
            Await.until("proven session on a", () -> registry(regA).findByModuleKey(key).filter(ModuleSession::isOpen)
                    .isPresent());
            Await.until("b sees " + key + " on a", () -> "reg-a".equals(ownerSeenBy(regB, key)));
            double before = refused(regB, "credential_missing");
            try (ModuleClient unproven = ModuleClient.hello(modulePort(regB), key)) {
                assertThat(unproven.closedByServer(5000)).as("an unproven hello on b is closed").isTrue();
            }
            assertThat(refused(regB, "credential_missing")).isEqualTo(before + 1);
            assertThat(proven.closedByServer(300)).as("a's proven session stays").isFalse();
            assertThat(registry(regA).findByModuleKey(key).orElseThrow().isOpen()).isTrue();
            assertThat(row(registered, key)).startsWith("reg-a ");
        }
    }

    @Test
    void aRegistryAddAndDeleteOnATakeEffectOnBWithinASecond() throws Exception {
        String key = key();
        KnownModules knownOnB = regB.getBean(KnownModules.class);
        Http viaA = new Http(httpPort(regA));
        assertThat(viaA.post("/api/v1/modules", "{\"moduleKey\":\"" + key + "\"}").status()).isEqualTo(201);
        Await.until("b knows " + key, WITHIN, () -> knownOnB.isKnown(key));
        try (ModuleClient onB = ModuleClient.hello(modulePort(regB), key)) {
            Await.until("admitted on b", () -> registry(regB).findByModuleKey(key).filter(ModuleSession::isOpen)
                    .isPresent());
        }
        assertThat(viaA.delete("/api/v1/modules/" + key).status()).isEqualTo(204);
        Await.until("b forgets " + key, WITHIN, () -> !knownOnB.isKnown(key));
        double before = refused(regB, "unknown_module");
        try (ModuleClient onB = ModuleClient.hello(modulePort(regB), key)) {
            assertThat(onB.closedByServer(5000)).as("a deleted key is a stranger on b").isTrue();
        }
        assertThat(refused(regB, "unknown_module")).isEqualTo(before + 1);
    }

    private static String key() {
        return "ru-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static double refused(ConfigurableApplicationContext c, String reason) {
        return c.getBean(MeterRegistry.class).get("fleet.sessions.identity.refused").tag("reason", reason)
                .counter().count();
    }

    /** The replica that {@code c}'s directory names for the key, null for none or itself. */
    private static String ownerSeenBy(ConfigurableApplicationContext c, String key) {
        return c.getBean(ClusterDirectory.class).ownerOfModule(key).map(Replica::id).orElse(null);
    }

    /** "replica session" of the key's presence row, null without one. */
    private static String row(ClusterContexts cluster, String key) {
        return cluster.first("select replica_id || ' ' || session_id from module_presence where module_key = '"
                + key + "'");
    }
}
