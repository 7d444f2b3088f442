package dev.fleetgateway.cluster.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/**
 * Lists cover the cluster: the sessions list and the stats of any replica gather every replica's part, each item
 * names the replica that holds it, pages stay correct over the merged list, and a replica that does not answer is
 * named instead of failing the call.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ClusterListsIntegrationTests {

    static TwoReplicas cluster;
    static Http a;
    static final List<ModuleClient> modules = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        cluster = new TwoReplicas(URI.create("http://127.0.0.1:" + dead));
        a = new Http(TwoReplicas.apiPort(cluster.a));
        // three modules on A, two on B
        for (int i = 0; i < 5; i++) {
            ConfigurableApplicationContext on = i < 3 ? cluster.a : cluster.b;
            modules.add(ModuleClient.hello(TwoReplicas.modulePort(on), "86100000000000" + i));
        }
        Await.until("both replicas hold their modules", () -> local(cluster.a).path("totalElements").asInt() == 3
                && local(cluster.b).path("totalElements").asInt() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ModuleClient m : modules) {
            m.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The replica's own sessions, asked on its internal port as another replica would. */
    static JsonNode local(ConfigurableApplicationContext ctx) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + TwoReplicas.internalPort(ctx) + "/api/v1/sessions?state=OPEN&size=1000"))
                    .header("X-Fleet-Internal", TwoReplicas.SECRET).header("X-Fleet-Caller", "test")
                    .header("X-Fleet-Roles", "read").build(), HttpResponse.BodyHandlers.ofString());
            return Http.parse(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSessionsListCoversBothReplicasAndSaysWhoHoldsWhat() {
        JsonNode list = a.get("/api/v1/sessions?state=OPEN").json();
        assertThat(list.path("totalElements").asInt()).isEqualTo(5);
        Set<String> onA = new HashSet<>();
        Set<String> onB = new HashSet<>();
        for (JsonNode s : list.path("content")) {
            (s.path("replica").asString().equals("a") ? onA : onB).add(s.path("moduleKey").asString());
        }
        assertThat(onA).containsExactlyInAnyOrder("861000000000000", "861000000000001", "861000000000002");
        assertThat(onB).containsExactlyInAnyOrder("861000000000003", "861000000000004");
        assertThat(list.path("unreachableReplicas").isEmpty()).isTrue();
    }

    @Test
    void pagesOfTheMergedListHaveNoGapsOrRepeats() {
        JsonNode whole = a.get("/api/v1/sessions?state=OPEN").json().path("content");
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode p = a.get("/api/v1/sessions?state=OPEN&size=2&page=" + page).json();
            assertThat(p.path("totalElements").asInt()).isEqualTo(5);
            assertThat(p.path("totalPages").asInt()).isEqualTo(3);
            p.path("content").forEach(s -> paged.add(s.path("id").asString()));
        }
        List<String> all = new ArrayList<>();
        whole.forEach(s -> all.add(s.path("id").asString()));
        assertThat(paged).hasSize(5).doesNotHaveDuplicates().isEqualTo(all);
    }

    @Test
    void badParametersGetTheUsual400() {
        Http.Response r = a.get("/api/v1/sessions?size=0");
        assertThat(r.status()).isEqualTo(400);
        assertThat(a.get("/api/v1/stats?top=0").status()).isEqualTo(400);
    }

    @Test
    void statsAddUpOverTheClusterAndTopEntriesNameTheirReplica() throws Exception {
        modules.get(4).send("busy on b");
        Await.until("B counts the bytes", () -> a.get("/api/v1/stats").json().path("totals").path("bytesIn")
                .asLong() > 0);
        JsonNode stats = a.get("/api/v1/stats?top=10").json();
        assertThat(stats.path("sessions").path("live").asInt()).isEqualTo(5);
        assertThat(stats.path("replicas").size()).isEqualTo(2);
        JsonNode first = stats.path("top").path("byTraffic").get(0);
        assertThat(first.path("moduleKey").asString()).isEqualTo("861000000000004");
        assertThat(first.path("replica").asString()).isEqualTo("b");
        assertThat(stats.path("top").path("byTraffic").size()).isEqualTo(5);
    }

    @Test
    void aReplicaThatDoesNotAnswerIsNamedInsteadOfFailingTheCall() {
        cluster.listDead = true;
        try {
            Http.Response stats = a.get("/api/v1/stats");
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.json().path("unreachableReplicas").get(0).asString()).isEqualTo("c");
            assertThat(stats.json().path("sessions").path("live").asInt()).isEqualTo(5);
            Http.Response list = a.get("/api/v1/sessions?state=OPEN");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.json().path("unreachableReplicas").get(0).asString()).isEqualTo("c");
            assertThat(list.json().path("totalElements").asInt()).isEqualTo(5);
        } finally {
            cluster.listDead = false;
        }
    }
}
