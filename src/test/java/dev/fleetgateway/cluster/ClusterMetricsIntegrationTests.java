package dev.fleetgateway.cluster;

import static dev.fleetgateway.support.cluster.ClusterContexts.httpPort;
import static dev.fleetgateway.support.cluster.ClusterContexts.modulePort;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.Scrape;
import dev.fleetgateway.support.cluster.ClusterContexts;

/**
 * Operability of a cluster of two replicas (two Spring contexts in this JVM) on a PostgreSQL schema of their own:
 * the {@code fleet_cluster_*} meters in the real Prometheus scrape of the management port, and a presence removal
 * that the database writer dropped put right by the next lease tick. Runs where FLEET_TEST_POSTGRES_URL names a
 * database; the schema is dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ClusterMetricsIntegrationTests {

    /** Lease ticks every 500 ms here: a repair must be there well within a few ticks. */
    private static final Duration TICKS = Duration.ofSeconds(5);

    private static ClusterContexts cluster;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoReplicas() throws SQLException {
        cluster = ClusterContexts.create("fg_clmetrics_");
        a = cluster.start("replica-a");
        b = cluster.start("replica-b");
    }

    @AfterAll
    static void stopAndDropSchema() throws SQLException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void forwardingSignalsAndTheLeaseShowInThePrometheusScrape() throws Exception {
        String key = key();
        Http viaA = new Http(httpPort(a));
        try (ModuleClient onB = ModuleClient.hello(modulePort(b), key)) {
            Await.until("a finds " + key + " on b", () -> a.getBean(ClusterDirectory.class).ownerOfModule(key)
                    .map(Replica::id).orElse("").equals("replica-b"));
            Scrape before = scrape(a);
            double signalsBefore = before.value("fleet_cluster_signals_total", Map.of("kind", "presence"));
            double answeredBefore = before.value("fleet_cluster_forward_calls_total", Map.of("outcome", "answered"));
            double gatheredBefore = before.value("fleet_cluster_gather_calls_total", Map.of("outcome", "complete"));

            Http.Response sent = viaA.post("/api/v1/modules/" + key + "/send", "{\"data\":\"hello\"}");
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            assertThat(new String(onB.recvExactly(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(viaA.get("/api/v1/sessions").status()).isEqualTo(200);

            Await.until("a's forward released", () -> scrape(a).value("fleet_cluster_forward_in_flight",
                    Map.of()) == 0);
            Scrape onA = scrape(a);
            // Only this test forwards; the other one lists through a (a gather, never a forward).
            assertThat(answeredBefore).isZero();
            assertThat(onA.value("fleet_cluster_forward_calls_total", Map.of("outcome", "answered")))
                    .as("the forwarded send").isEqualTo(1);
            assertThat(onA.value("fleet_cluster_forward_duration_seconds_count", Map.of("outcome", "answered")))
                    .isEqualTo(1);
            assertThat(onA.value("fleet_cluster_forward_duration_seconds_bucket",
                    Map.of("outcome", "answered", "le", "+Inf"))).isEqualTo(1);
            for (String other : List.of("local_fallback", "unreachable", "timeout", "cancelled", "limited")) {
                assertThat(onA.value("fleet_cluster_forward_calls_total", Map.of("outcome", other)))
                        .as(other).isZero();
            }
            assertThat(onA.value("fleet_cluster_gather_calls_total", Map.of("outcome", "complete")) - gatheredBefore)
                    .as("the sessions list gathered from both").isEqualTo(1);
            assertThat(onA.value("fleet_cluster_gather_calls_total", Map.of("outcome", "partial"))).isZero();
            assertThat(onA.value("fleet_cluster_replicas", Map.of())).isEqualTo(2);
            assertThat(onA.value("fleet_cluster_presence", Map.of("holder", "others")))
                    .as("b's module in a's copy").isGreaterThanOrEqualTo(1);
            assertThat(onA.value("fleet_cluster_listener_connected", Map.of())).isEqualTo(1);
            assertThat(onA.value("fleet_cluster_signals_failed_total", Map.of())).isZero();
            assertThat(signalsBefore).as("the presence signal of " + key + " on b").isGreaterThanOrEqualTo(1);
            assertThat(onA.value("fleet_cluster_signals_total", Map.of("kind", "event")))
                    .as("b's opened event").isGreaterThanOrEqualTo(1);

            Await.until("a lease tick counted", () -> scrape(a).value("fleet_cluster_lease_renewals_total",
                    Map.of("outcome", "renewed")) >= 1);
            Scrape ofB = scrape(b);
            assertThat(ofB.value("fleet_cluster_presence", Map.of("holder", "self")))
                    .as(key + " held by b").isGreaterThanOrEqualTo(1);
            assertThat(ofB.value("fleet_cluster_forward_calls_total", Map.of())).as("b forwarded nothing").isZero();
            assertThat(ofB.value("fleet_cluster_lease_renewals_total", Map.of("outcome", "failed"))).isZero();
            assertThat(ofB.value("fleet_cluster_lease_renewals_total", Map.of("outcome", "lost"))).isZero();
            assertThat(ofB.names()).contains("fleet_cluster_listener_reconnects_total",
                    "fleet_cluster_replicas_purged_total", "fleet_cluster_presence_resyncs_total",
                    "fleet_cluster_presence_resynced_total", "fleet_cluster_gather_unreachable_total");
        }
    }

    /**
     * With b's database writer held up and its queue full, three modules leave: their presence removals are
     * dropped. The next lease tick (on its own thread, the writer still held up) deletes the rows, and a forgets
     * the modules; meanwhile no cluster-wide list shows them online.
     */
    @Test
    void aPresenceRemovalDroppedByAFullWriterQueueIsRepairedOnTheNextLeaseTick() throws Exception {
        List<String> keys = List.of(key(), key(), key());
        List<ModuleClient> modules = new ArrayList<>();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DatabaseWriter writer = b.getBean(DatabaseWriter.class);
        try {
            for (String key : keys) {
                modules.add(ModuleClient.hello(modulePort(b), key));
            }
            Await.until("rows of b's modules", () -> keys.stream().allMatch(k -> "replica-b".equals(replicaOfRow(k))));
            Await.until("a finds them on b", () -> keys.stream().allMatch(k -> a.getBean(ClusterDirectory.class)
                    .ownerOfModule(k).map(Replica::id).orElse("").equals("replica-b")));

            assertThat(writer.offer(() -> {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isTrue();
            assertThat(held.await(10, TimeUnit.SECONDS)).as("writer held up").isTrue();
            while (writer.tryOffer(() -> { })) {
                // fill the queue: every write offered from now on is dropped
            }
            double dropped = scrape(b).value("fleet_db_writer_dropped_total", Map.of());
            for (ModuleClient m : modules) {
                m.close();
            }
            SessionRegistry sessions = b.getBean(SessionRegistry.class);
            Await.until("b's sessions closed", () -> keys.stream()
                    .noneMatch(k -> sessions.findByModuleKey(k).filter(s -> s.isOpen()).isPresent()));
            Await.until("removals dropped", () -> scrape(b).value("fleet_db_writer_dropped_total", Map.of())
                    >= dropped + keys.size());

            Http.Response list = new Http(httpPort(a)).get("/api/v1/sessions?state=OPEN&moduleKey=" + keys.get(0));
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().path("totalElements").asLong()).as(list.body()).isZero();

            Await.until("stale rows removed by a lease tick", TICKS,
                    () -> keys.stream().allMatch(k -> replicaOfRow(k) == null));
            assertThat(release.getCount()).as("while the writer was still held up").isEqualTo(1);
            Await.until("a forgets them", TICKS, () -> keys.stream()
                    .allMatch(k -> a.getBean(ClusterDirectory.class).ownerOfModule(k).isEmpty()));
            Scrape ofB = scrape(b);
            assertThat(ofB.value("fleet_cluster_presence_resynced_total", Map.of("action", "removed")))
                    .isGreaterThanOrEqualTo(keys.size());
            assertThat(ofB.value("fleet_cluster_presence_resyncs_total", Map.of())).isGreaterThanOrEqualTo(1);
        } finally {
            release.countDown();
            for (ModuleClient m : modules) {
                m.close();
            }
        }
    }

    private static Scrape scrape(ConfigurableApplicationContext c) {
        return Scrape.of(new Http(c.getEnvironment().getRequiredProperty("local.management.port", Integer.class)));
    }

    private static String key() {
        return "cm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String replicaOfRow(String key) {
        return cluster.replicaOfRow(key);
    }
}
