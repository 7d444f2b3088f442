package dev.fleetgateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * The data-plane port of one replica serving modules another replica holds: it forwards each call through the
 * owner's internal port as the REST port does, so both ports of the replica that does not hold the module answer
 * the same, member for member. Two replicas in this JVM on a PostgreSQL schema of their own (dropped afterwards);
 * runs where FLEET_TEST_POSTGRES_URL names a database.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class DataPlaneClusterIntegrationTests {

    private static final String URL = System.getenv("FLEET_TEST_POSTGRES_URL");
    private static final String SCHEMA = "t_dp_" + UUID.randomUUID().toString().replace("-", "");

    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    /** Replica a's REST and data-plane ports: the modules of these tests are all on b. */
    private static Http rest;
    private static Http plane;
    private static int modulePortOfB;

    @BeforeAll
    static void startTwoReplicas() throws SQLException {
        sql("create schema " + SCHEMA);
        // a forwards at most one call at a time: both of its ports share that bound
        a = start("replica-a", "--gateway.cluster.forward.max-in-flight=1");
        b = start("replica-b");
        rest = new Http(((WebServerApplicationContext) a).getWebServer().getPort());
        plane = new Http(a.getBean(DataPlaneServer.class).localPort());
        modulePortOfB = b.getBean(ModuleServer.class).localPort();
    }

    @AfterAll
    static void stopAndDropSchema() throws SQLException {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        sql("drop schema if exists " + SCHEMA + " cascade");
    }

    private static ConfigurableApplicationContext start(String replicaId, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                "--spring.datasource.hikari.maximum-pool-size=5",
                "--spring.flyway.schemas=" + SCHEMA, "--spring.flyway.default-schema=" + SCHEMA,
                "--spring.jpa.properties.hibernate.default_schema=" + SCHEMA,
                "--server.port=0", "--gateway.modules.port=0",
                "--gateway.data-plane.enabled=true", "--gateway.data-plane.port=0",
                "--gateway.data-plane.bind-address=127.0.0.1",
                "--gateway.cluster.enabled=true", "--gateway.cluster.replica-id=" + replicaId,
                "--gateway.cluster.internal-address=127.0.0.1", "--gateway.cluster.internal-port=0",
                "--gateway.cluster.internal-secret=test-secret",
                "--gateway.cluster.lease=2s", "--gateway.cluster.renew-interval=500ms"));
        args.addAll(java.util.List.of(extra));
        return new SpringApplicationBuilder(FleetGatewayApplication.class).run(args.toArray(String[]::new));
    }

    /** A module on b, identified and known to a; returns its session id. */
    private static String onB(ModuleClient module, String key) {
        ClusterDirectory directory = a.getBean(ClusterDirectory.class);
        Await.until(key + " seen from a", Duration.ofSeconds(20), () -> directory.ownerOfModule(key).isPresent());
        Http.Response none = rest.get("/api/v1/modules/" + key + "/recv?timeout=0");
        assertThat(none.status()).as(none.body()).isEqualTo(408);
        return none.json().get("sessionId").asString();
    }

    @Test
    void sendsByKeyAndBySessionToAModuleOnAnotherReplicaAsRestDoes() throws Exception {
        try (ModuleClient module = ModuleClient.hello(modulePortOfB, "dpc-key-1")) {
            String session = onB(module, "dpc-key-1");
            HttpResponse<byte[]> byKey = plane.raw(HttpRequest.newBuilder(URI.create(plane.url(
                    "/api/v1/modules/dpc-key-1/send"))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"hello\"}")));
            assertThat(byKey.statusCode()).as(new String(byKey.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(byKey.headers().firstValue("X-Fleet-Replica")).contains("replica-b");
            assertThat(new String(module.recvExactly(5), StandardCharsets.UTF_8)).isEqualTo("hello");
            Http.Response viaRest = rest.post("/api/v1/modules/dpc-key-1/send", "{\"data\":\"hello\"}");
            module.recvExactly(5);
            assertThat(Http.parse(new String(byKey.body(), StandardCharsets.UTF_8))).isEqualTo(viaRest.json());

            Http.Response bySession = plane.post("/api/v1/sessions/" + session + "/send", "{\"data\":\"0a0b\","
                    + "\"encoding\":\"hex\"}");
            assertThat(bySession.status()).as(bySession.body()).isEqualTo(200);
            assertThat(module.recvExactly(2)).containsExactly(0x0a, 0x0b);
            assertThat(bySession.json()).isEqualTo(rest.post("/api/v1/sessions/" + session + "/send",
                    "{\"data\":\"0a0b\",\"encoding\":\"hex\"}").json());
            module.recvExactly(2);
        }
    }

    @Test
    void readsFromAModuleOnAnotherReplicaAsRestDoes() throws Exception {
        try (ModuleClient module = ModuleClient.hello(modulePortOfB, "dpc-key-2")) {
            String session = onB(module, "dpc-key-2");
            Http.Response none = plane.get("/api/v1/sessions/" + session + "/recv?timeout=0");
            assertThat(none.status()).isEqualTo(408);
            assertThat(none.json()).isEqualTo(rest.get("/api/v1/sessions/" + session + "/recv?timeout=0").json());

            module.send("one\ntwo\n");
            String cursor = "/api/v1/modules/dpc-key-2/messages?after=0&encoding=text&wait=5s";
            Await.until("the bytes on b", () -> {
                int n = 0;
                for (var m : rest.get(cursor).json().get("messages")) {
                    n += m.get("length").asInt();
                }
                return n == 8;
            });
            Http.Response viaPlane = plane.get(cursor);
            assertThat(viaPlane.status()).as(viaPlane.body()).isEqualTo(200);
            assertThat(viaPlane.json()).isEqualTo(rest.get(cursor).json());
            assertThat(plane.get("/api/v1/sessions/" + session + "/messages?limit=0").json())
                    .isEqualTo(rest.get("/api/v1/sessions/" + session + "/messages?limit=0").json());

            Http.Response recv = plane.get("/api/v1/modules/dpc-key-2/recv?encoding=text&timeout=5s");
            assertThat(recv.status()).as(recv.body()).isEqualTo(200);
            assertThat(recv.json().get("data").asString()).isEqualTo("one\ntwo\n");
        }
    }

    @Test
    void aWaitingRecvOnAnotherReplicaIsAnsweredWhenDataArrives() throws Exception {
        try (ModuleClient module = ModuleClient.hello(modulePortOfB, "dpc-key-3")) {
            String session = onB(module, "dpc-key-3");
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(plane.withKey(HttpRequest.newBuilder(
                    URI.create(plane.url("/api/v1/sessions/" + session + "/recv?timeout=20s&encoding=text")))
                    .GET().build()), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // the recv waits on b (its answer cannot come before the data)
            assertThat(waiting).isNotDone();

            // the one forward a may hold is taken: a second call on either port is the REST port's 503
            HttpResponse<byte[]> limited = plane.raw(HttpRequest.newBuilder(URI.create(plane.url(
                    "/api/v1/sessions/" + session + "/recv?timeout=0"))).GET());
            assertThat(limited.statusCode()).isEqualTo(503);
            assertThat(limited.headers().firstValue("Retry-After")).contains("1");
            var problem = Http.parse(new String(limited.body(), StandardCharsets.UTF_8));
            assertThat(problem).isEqualTo(rest.get("/api/v1/sessions/" + session + "/recv?timeout=0").json());
            assertThat(problem.get("type").asString()).endsWith("/forward-limit");

            module.send("abc\n");
            HttpResponse<String> answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Http.parse(answer.body()).get("data").asString()).isEqualTo("abc\n");
        }
    }

    @Test
    void aModuleNobodyHoldsIsAnsweredHereAsRestDoes() {
        Http.Response unknown = plane.post("/api/v1/modules/dpc-nobody/send", "{\"data\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).isEqualTo(rest.post("/api/v1/modules/dpc-nobody/send", "{\"data\":\"x\"}").json());
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "fleetgateway", "fleetgateway");
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
