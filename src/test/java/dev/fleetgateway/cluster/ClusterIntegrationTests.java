package dev.fleetgateway.cluster;

import static dev.fleetgateway.support.cluster.ClusterContexts.directory;
import static dev.fleetgateway.support.cluster.ClusterContexts.httpPort;
import static dev.fleetgateway.support.cluster.ClusterContexts.modulePort;
import static dev.fleetgateway.support.cluster.ClusterContexts.registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.cluster.ClusterContexts;

/**
 * Two replicas (two Spring contexts in this JVM, each with its own ports) on one PostgreSQL schema of their own:
 * presence, one session per module across replicas, downlinks queued on one replica reaching a module on the
 * other, fleet-wide events, a clean leave and a lapsed lease. Runs where FLEET_TEST_POSTGRES_URL names a
 * database; the schema is dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ClusterIntegrationTests {

    /** What the issue asks of takeovers and wake-ups; a loaded CI machine gets no slack beyond it. */
    private static final Duration WITHIN = Duration.ofSeconds(1);

    private static ClusterContexts cluster;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoReplicas() throws SQLException {
        cluster = ClusterContexts.create("fg_cluster_");
        a = start("replica-a");
        b = start("replica-b");
    }

    @AfterAll
    static void stopAndDropSchema() throws SQLException {
        if (cluster != null) {
            cluster.close();
        }
    }

    static ConfigurableApplicationContext start(String replicaId, String... extra) {
        return cluster.start(replicaId, extra);
    }

    /**
     * A connect storm larger than the database writer's queue drops presence writes; the next lease tick writes
     * the presence of every identified session again, so every module is found from the other replicas.
     */
    @Test
    void presenceDroppedByAFullWriterQueueIsWrittenAgainOnTheNextLeaseTick() throws Exception {
        ConfigurableApplicationContext e = start("replica-e", "--gateway.database-writer.queue=2");
        List<ModuleClient> modules = new java.util.ArrayList<>();
        try {
            String prefix = key();
            for (int i = 0; i < 40; i++) {
                modules.add(ModuleClient.hello(modulePort(e), prefix + "-" + i));
            }
            Await.until("all 40 presence rows of replica-e", Duration.ofSeconds(20), () -> count(
                    "select count(*) from module_presence where replica_id = 'replica-e' and module_key like '"
                            + prefix + "-%'") == 40);
            Await.until("a finds every module on e", Duration.ofSeconds(20), () -> java.util.stream.IntStream
                    .range(0, 40).allMatch(i -> directory(a).ownerOfModule(prefix + "-" + i)
                            .map(Replica::id).orElse("").equals("replica-e")));
        } finally {
            for (ModuleClient m : modules) {
                m.close();
            }
            e.close();
        }
    }

    /**
     * A replica registers before its web server binds the internal port (port 0 here): the port is advertised as
     * soon as it is bound, not at the next lease renewal (which this replica's long interval keeps away).
     */
    @Test
    void aReplicaAdvertisesItsBoundInternalPortAtOnceAndTheOthersForwardThere() throws Exception {
        ConfigurableApplicationContext f = start("replica-f", "--gateway.cluster.lease=60s",
                "--gateway.cluster.renew-interval=30s");
        try {
            int bound = f.getBean(InternalPort.class).port();
            assertThat(bound).isPositive();
            assertThat(count("select count(*) from replica where id = 'replica-f' and internal_uri = "
                    + "'http://127.0.0.1:" + bound + "'")).isEqualTo(1);
            String sessionOnF = f.getBean(dev.fleetgateway.session.LocalReplica.class).newSessionId();
            Await.until("a knows f's bound internal port", Duration.ofSeconds(1), () -> directory(a)
                    .ownerOfSession(sessionOnF).map(r -> r.internalUri().getPort() == bound).orElse(false));
        } finally {
            f.close();
        }
    }

    @Test
    void recordsPresenceWhenAModuleIdentifiesAndRemovesItWhenItLeaves() throws Exception {
        String key = key();
        ModuleClient client = ModuleClient.hello(modulePort(a), key);
        Await.until("presence row of " + key, () -> replicaOfRow(key) != null);
        assertThat(replicaOfRow(key)).isEqualTo("replica-a");
        Await.until("replica b sees " + key + " on a",
                () -> directory(b).ownerOfModule(key).map(Replica::id).orElse("").equals("replica-a"));
        assertThat(directory(a).ownerOfModule(key)).as("local modules are local").isEmpty();

        client.close();
        Await.until("presence row of " + key + " removed", () -> replicaOfRow(key) == null);
        Await.until("replica b forgets " + key, () -> directory(b).ownerOfModule(key).isEmpty());
    }

    @Test
    void findsTheReplicaOfAnAnonymousSessionByItsId() throws Exception {
        try (ModuleClient anonymous = new ModuleClient(modulePort(b))) {
            Await.until("anonymous session on b", () -> registry(b).liveCount() > 0
                    && registry(b).list(s -> s.moduleKey() == null && s.isOpen()).size() > 0);
            String id = registry(b).list(s -> s.moduleKey() == null && s.isOpen()).get(0).id();
            assertThat(directory(a).ownerOfSession(id).map(Replica::id)).contains("replica-b");
            assertThat(directory(b).ownerOfSession(id)).isEmpty();
            assertThat(directory(a).ownerOfSession(UUID.randomUUID().toString())).isEmpty();
        }
    }

    @Test
    void closesTheSessionOnAWithinASecondWhenItsModuleIdentifiesOnB() throws Exception {
        String key = key();
        try (ModuleClient onA = ModuleClient.hello(modulePort(a), key)) {
            Await.until("b sees " + key + " on a",
                    () -> directory(b).ownerOfModule(key).map(Replica::id).orElse("").equals("replica-a"));
            ModuleSession first = registry(a).findByModuleKey(key).orElseThrow();
            try (ModuleClient onB = ModuleClient.hello(modulePort(b), key)) {
                Await.until("identified on b", () -> registry(b).findByModuleKey(key).isPresent());
                long identified = System.nanoTime();
                Await.until("a's session replaced", WITHIN, first::isClosed);
                System.out.printf("takeover: a's session closed %d ms after the module identified on b%n",
                        (System.nanoTime() - identified) / 1_000_000);
                assertThat(first.closeReason()).isEqualTo(CloseReason.REPLACED);
                assertThat(onA.closedByServer(2000)).isTrue();
                Await.until("presence on b", () -> "replica-b".equals(replicaOfRow(key)));
                assertThat(registry(b).findByModuleKey(key).orElseThrow().isOpen())
                        .as("the newer session stays").isTrue();
                Await.until("a sees " + key + " on b",
                        () -> directory(a).ownerOfModule(key).map(Replica::id).orElse("").equals("replica-b"));
            }
        }
    }

    @Test
    void aDialOnBThatDoesNotAskToReplaceLeavesTheKeyOfALiveModuleOnA() throws Exception {
        String key = key();
        try (ModuleClient onA = ModuleClient.hello(modulePort(a), key);
                java.net.ServerSocket target = new java.net.ServerSocket(0, 5,
                        java.net.InetAddress.getByName("127.0.0.1"))) {
            Await.until("b sees " + key + " on a",
                    () -> directory(b).ownerOfModule(key).map(Replica::id).orElse("").equals("replica-a"));
            ModuleSession live = registry(a).findByModuleKey(key).orElseThrow();
            Http.Response taken = new Http(httpPort(b)).post("/api/v1/sessions", "{\"host\":\"127.0.0.1\",\"port\":"
                    + target.getLocalPort() + ",\"moduleKey\":\"" + key + "\"}");
            assertThat(taken.status()).as(taken.body()).isEqualTo(409);
            assertThat(registry(b).list(s -> key.equals(s.moduleKey()))).isEmpty();
            assertThat(onA.closedByServer(300)).isFalse();
            assertThat(live.isOpen()).as("the module on a keeps its key").isTrue();
            assertThat(replicaOfRow(key)).isEqualTo("replica-a");
        }
    }

    /**
     * A module-addressed send through A is forwarded to B (and sent there at once); a batch send is served where
     * it arrives, so for a module on B it is queued in the shared outbox by A, and B is woken to deliver it.
     */
    @Test
    void deliversADownlinkQueuedThroughAToTheModuleOnBWithinASecond() throws Exception {
        String key = key();
        Http viaA = new Http(httpPort(a));
        try (ModuleClient onB = ModuleClient.hello(modulePort(b), key)) {
            Await.until("registered and seen on a", () -> viaA.get("/api/v1/modules/" + key).status() == 200
                    && directory(a).ownerOfModule(key).isPresent());
            onB.socket().setSoTimeout((int) WITHIN.toMillis());
            long sent = System.nanoTime();
            String first = queueThrough(viaA, key, "first");
            queueThrough(viaA, key, "second");
            assertThat(new String(onB.recvExactly("firstsecond".length()), StandardCharsets.US_ASCII))
                    .as("delivered in order within a second").isEqualTo("firstsecond");
            System.out.printf("wake-up: two downlinks queued through a reached the module on b %d ms after the "
                    + "first POST was sent%n", (System.nanoTime() - sent) / 1_000_000);
            long third = System.nanoTime();
            queueThrough(viaA, key, "third");
            long answered = System.nanoTime();
            assertThat(new String(onB.recvExactly(5), StandardCharsets.US_ASCII)).isEqualTo("third");
            System.out.printf("wake-up: POST through a answered in %d ms; the module on b had the bytes %d ms "
                    + "after the answer%n", (answered - third) / 1_000_000, (System.nanoTime() - answered) / 1_000_000);
            Await.until("delivered state", () -> "DELIVERED".equals(
                    viaA.get("/api/v1/outbox/" + first).json().get("state").asString()));
        }
    }

    /** Queues one message for a module A does not hold (a batch send), answering the message id. */
    private static String queueThrough(Http via, String key, String data) {
        Http.Response r = via.post("/api/v1/modules/send",
                "{\"moduleKeys\":[\"" + key + "\"],\"data\":\"" + data + "\",\"queue\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get(0).get("result").asString()).as(r.body()).isEqualTo("QUEUED");
        return r.json().get(0).get("messageId").asString();
    }

    @Test
    void streamsEventsOfSessionsOnBOnAsFleetStream() throws Exception {
        String key = key();
        List<String> events = new CopyOnWriteArrayList<>();
        boolean[] opened = {false};
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort(a) + "/api/v1/events"))
                .header("Accept", "text/event-stream").header("Authorization", Http.TEST_BEARER).build();
        CompletableFuture<Void> stream = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines()).thenAccept(resp -> {
            String[] name = {null};
            resp.body().forEach(line -> {
                if (line.startsWith(":open")) {
                    opened[0] = true;
                } else if (line.startsWith("event:")) {
                    name[0] = line.substring(6).trim();
                } else if (line.startsWith("data:") && name[0] != null) {
                    events.add(name[0] + " " + line.substring(5));
                    name[0] = null;
                }
            });
        });
        try {
            Await.until("stream open", () -> opened[0]);
            try (ModuleClient onB = ModuleClient.hello(modulePort(b), key)) {
                Await.until("identified on b seen on a", () -> events.stream().anyMatch(e ->
                        e.startsWith("identified") && e.contains(key) && e.contains("replica-b")));
                assertThat(events).anyMatch(e -> e.startsWith("opened") && e.contains("replica-b"));
            }
            Await.until("closed on b seen on a", () -> events.stream().anyMatch(e ->
                    e.startsWith("closed") && e.contains(key) && e.contains("replica-b")));
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void aReplicaStartsReleasingOnlyDeadClaimsAndLeavesNoRowsWhenItStops() throws Exception {
        String key = key();
        UUID live = UUID.randomUUID();
        UUID dead = UUID.randomUUID();
        for (Object[] row : new Object[][] {{live, "replica-a"}, {dead, "replica-gone"}}) {
            sql("insert into outbox_message (id, module_key, payload, payload_size, state, created_at, expires_at, "
                    + "session_id, attempts, claimed_by) values ('" + row[0] + "', '" + key + "-x', '\\x01', 1, "
                    + "'SENDING', now(), now() + interval '1 hour', null, 0, '" + row[1] + "')");
        }
        ConfigurableApplicationContext c = start("replica-c");
        try {
            assertThat(count("select count(*) from outbox_message where id = '" + live + "' and state = 'SENDING'"))
                    .as("a live replica's write in progress is not released by another's start").isEqualTo(1);
            assertThat(count("select count(*) from outbox_message where id = '" + dead + "' and state = 'QUEUED'"))
                    .as("a claim of a replica without a lease waits again").isEqualTo(1);
        } finally {
            sql("delete from outbox_message where module_key = '" + key + "-x'");
        }
        try (ModuleClient onC = ModuleClient.hello(modulePort(c), key)) {
            Await.until("presence on c", () -> "replica-c".equals(replicaOfRow(key)));
            Await.until("a knows c", () -> directory(a).replicas().stream().anyMatch(r -> r.id().equals("replica-c")));
            c.close();
            assertThat(onC.closedByServer(2000)).as("its modules are closed").isTrue();
        }
        assertThat(count("select count(*) from module_presence where replica_id = 'replica-c'")).isZero();
        assertThat(count("select count(*) from replica where id = 'replica-c'")).isZero();
        Await.until("a forgets c", () -> directory(a).replicas().stream().noneMatch(r -> r.id().equals("replica-c")));
    }

    @Test
    void aReplicaWhoseLeaseLapsesLosesItsRowsAndItsClaims() throws Exception {
        ConfigurableApplicationContext d = start("replica-d");
        String key = key();
        ModuleClient onD = ModuleClient.hello(modulePort(d), key);
        try {
            Await.until("presence on d", () -> "replica-d".equals(replicaOfRow(key)));
            Await.until("a sees " + key + " on d",
                    () -> directory(a).ownerOfModule(key).map(Replica::id).orElse("").equals("replica-d"));
            UUID claimed = UUID.randomUUID();
            sql("insert into outbox_message (id, module_key, payload, payload_size, state, created_at, expires_at, "
                    + "session_id, attempts, claimed_by) values ('" + claimed + "', '" + key + "', '\\x01', 1, "
                    + "'SENDING', now(), now() + interval '1 hour', null, 0, 'replica-d')");
            d.getBean(ReplicaLease.class).crash();
            d.close(); // as after kill -9: nothing cleaned up
            assertThat(replicaOfRow(key)).as("left behind by the crash").isEqualTo("replica-d");
            Await.until("d's rows purged after its lease", Duration.ofSeconds(10),
                    () -> replicaOfRow(key) == null && count("select count(*) from replica where id = 'replica-d'") == 0);
            assertThat(count("select count(*) from outbox_message where id = '" + claimed + "' and state = 'QUEUED'"))
                    .as("its claim released").isEqualTo(1);
            assertThat(directory(a).ownerOfModule(key)).isEmpty();
        } finally {
            onD.close();
        }
    }

    private static String key() {
        return "cl-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String replicaOfRow(String key) {
        return cluster.replicaOfRow(key);
    }

    private static long count(String query) {
        return cluster.count(query);
    }

    private static void sql(String statement) {
        cluster.execute(statement);
    }
}
