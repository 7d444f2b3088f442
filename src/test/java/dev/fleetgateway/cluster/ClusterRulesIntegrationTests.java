package dev.fleetgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.module.KnownModules;
import dev.fleetgateway.module.ModuleCredentials;
import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The module-security and duplicate rules hold across replicas as inside one: two replicas with
 * {@code duplicate-key=REJECT} (one schema), and two with {@code unknown-modules=REJECT} (another schema) for
 * credentials and registry changes, which reach the other replica within a second. Runs where
 * FLEET_TEST_POSTGRES_URL names a database; the schemas are dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ClusterRulesIntegrationTests {

    private static final String URL = System.getenv("FLEET_TEST_POSTGRES_URL");
    private static final String USER = "fleetgateway";
    private static final String PASSWORD = "fleetgateway";
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final String REJECTING = "fg_rules_dup_" + UUID.randomUUID().toString().replace("-", "");
    private static final String REGISTERED = "fg_rules_reg_" + UUID.randomUUID().toString().replace("-", "");

    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static ConfigurableApplicationContext regA;
    private static ConfigurableApplicationContext regB;

    @BeforeAll
    static void startReplicas() throws SQLException {
        sql("create schema " + REJECTING);
        sql("create schema " + REGISTERED);
        a = start(REJECTING, "dup-a", "--gateway.modules.duplicate-key=REJECT");
        b = start(REJECTING, "dup-b", "--gateway.modules.duplicate-key=REJECT");
        regA = start(REGISTERED, "reg-a", "--gateway.registry.unknown-modules=REJECT");
        regB = start(REGISTERED, "reg-b", "--gateway.registry.unknown-modules=REJECT");
    }

    @AfterAll
    static void stopAndDropSchemas() throws SQLException {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {regB, regA, b, a}) {
            if (c != null) {
                c.close();
            }
        }
        sql("drop schema if exists " + REJECTING + " cascade");
        sql("drop schema if exists " + REGISTERED + " cascade");
    }

    private static ConfigurableApplicationContext start(String schema, String replicaId, String... extra) {
        return new SpringApplicationBuilder(FleetGatewayApplication.class).run(Stream.concat(Stream.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.hikari.maximum-pool-size=5",
                "--spring.flyway.schemas=" + schema,
                "--spring.jpa.properties.hibernate.default_schema=" + schema,
                "--server.port=0", "--gateway.modules.port=0", "--gateway.simulator.demo.enabled=false",
                "--gateway.cluster.enabled=true", "--gateway.cluster.replica-id=" + replicaId,
                "--gateway.cluster.internal-address=127.0.0.1", "--gateway.cluster.internal-port=0",
                "--gateway.cluster.internal-secret=test-secret",
                "--gateway.cluster.lease=2s", "--gateway.cluster.renew-interval=500ms"),
                Stream.of(extra)).toArray(String[]::new));
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
            assertThat(row(REJECTING, key)).isEqualTo("dup-a " + first.id());
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
        Await.until("row of " + key + " removed", () -> row(REJECTING, key) == null);
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
        return holder.equals(row(REJECTING, key)) && mirrors ? holder : null;
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
            assertThat(row(REGISTERED, key)).startsWith("reg-a ");
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

    private static SessionRegistry registry(ConfigurableApplicationContext c) {
        return c.getBean(SessionRegistry.class);
    }

    private static int modulePort(ConfigurableApplicationContext c) {
        return c.getBean(ModuleServer.class).localPort();
    }

    private static int httpPort(ConfigurableApplicationContext c) {
        return ((WebServerApplicationContext) c).getWebServer().getPort();
    }

    /** "replica session" of the key's presence row, null without one. */
    private static String row(String schema, String key) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select replica_id, session_id from " + schema
                        + ".module_presence where module_key = '" + key + "'")) {
            return r.next() ? r.getString(1) + " " + r.getString(2) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
