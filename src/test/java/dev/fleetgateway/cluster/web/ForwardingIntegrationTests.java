package dev.fleetgateway.cluster.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.util.UUID;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/**
 * Any replica answers: calls made to replica A for a module or session that replica B holds reach B over its
 * internal port and come back as B answered them, with the caller's roles checked at A.
 */
@EnabledIfEnvironmentVariable(named = "FLEET_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class ForwardingIntegrationTests {

    static TwoReplicas cluster;
    static Http a;
    static Http b;
    static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        cluster = new TwoReplicas(URI.create("http://127.0.0.1:" + dead));
        a = new Http(TwoReplicas.apiPort(cluster.a));
        b = new Http(TwoReplicas.apiPort(cluster.b));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A module identified on B, placed on B by the directory; the caller waits until B lists it. */
    static ModuleClient moduleOnB(String key) throws Exception {
        ModuleClient m = ModuleClient.hello(TwoReplicas.modulePort(cluster.b), key);
        Await.until("B holds " + key, () -> b.get("/api/v1/sessions?moduleKey=" + key + "&state=OPEN").json()
                .path("content").size() == 1);
        cluster.placeModule(key, "b");
        return m;
    }

    static String sessionOnB(String key) {
        return b.get("/api/v1/sessions?moduleKey=" + key).json().path("content").get(0).path("id").asString();
    }

    @Test
    void sendThroughAReachesTheModuleOnB() throws Exception {
        try (ModuleClient m = moduleOnB("860000000000001")) {
            Http.Response r = a.post("/api/v1/modules/860000000000001/send", "{\"data\":\"hello\"}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("sent").asInt()).isEqualTo(5);
            assertThat(new String(m.recvExactly(5), StandardCharsets.UTF_8)).isEqualTo("hello");

            HttpResponse<byte[]> raw = a.raw(HttpRequest.newBuilder(URI.create(a.url(
                    "/api/v1/modules/860000000000001/send"))).header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2, (byte) 0xff})));
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().firstValue("X-Fleet-Replica")).hasValue("b");
            assertThat(m.recvExactly(4)).containsExactly(0, 1, 2, 0xff);
        }
    }

    @Test
    void sendBySessionIdThroughA() throws Exception {
        try (ModuleClient m = moduleOnB("860000000000002")) {
            String id = sessionOnB("860000000000002");
            cluster.placeSession(id, "b");
            Http.Response r = a.post("/api/v1/sessions/" + id + "/send", "{\"data\":\"by-id\"}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(m.recvExactly(5), StandardCharsets.UTF_8)).isEqualTo("by-id");
            Http.Response view = a.get("/api/v1/sessions/" + id);
            assertThat(view.status()).isEqualTo(200);
            assertThat(view.json().path("moduleKey").asString()).isEqualTo("860000000000002");
        }
    }

    @Test
    void recvThroughAAsJsonAndAsOctetStream() throws Exception {
        try (ModuleClient m = moduleOnB("860000000000003")) {
            m.send("abc");
            Http.Response json = a.get("/api/v1/modules/860000000000003/recv?timeout=5s");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.contentType()).contains("application/json");
            assertThat(Base64.getDecoder().decode(json.json().path("data").asString())).containsExactly('a', 'b', 'c');

            m.send(new byte[] {9, 8, 7});
            HttpResponse<byte[]> raw = a.raw(HttpRequest.newBuilder(URI.create(a.url(
                    "/api/v1/modules/860000000000003/recv?timeout=5s"))).header("Accept", "application/octet-stream"));
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/octet-stream"));
            assertThat(raw.headers().firstValue("X-EOF")).hasValue("false");
            assertThat(raw.body()).containsExactly(9, 8, 7);
        }
    }

    @Test
    void longPollRecvThroughACompletesWhenDataArrivesOnB() throws Exception {
        try (ModuleClient m = moduleOnB("860000000000004")) {
            CompletableFuture<Http.Response> poll = CompletableFuture.supplyAsync(
                    () -> a.get("/api/v1/modules/860000000000004/recv?timeout=30s"));
            String id = sessionOnB("860000000000004");
            // the poll is waiting on B once B counts a reader on the session (or, at worst, data is already there)
            Thread.sleep(500);
            assertThat(poll).isNotDone();
            m.send("late");
            Http.Response r = poll.get(20, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(Base64.getDecoder().decode(r.json().path("data").asString()))
                    .isEqualTo("late".getBytes(StandardCharsets.UTF_8));
            assertThat(r.json().path("sessionId").asString()).isEqualTo(id);
        }
    }

    @Test
    void cursorReadAndAckThroughA() throws Exception {
        try (ModuleClient m = moduleOnB("860000000000005")) {
            m.send("one");
            Http.Response read = a.get("/api/v1/modules/860000000000005/messages?after=0&wait=5s&encoding=text");
            assertThat(read.status()).isEqualTo(200);
            JsonNode messages = read.json().path("messages");
            assertThat(messages.size()).isGreaterThanOrEqualTo(1);
            assertThat(messages.get(0).path("data").asString()).startsWith("o");
            long last = read.json().path("lastSeq").asLong();
            Http.Response ack = a.post("/api/v1/modules/860000000000005/messages/ack", "{\"upTo\":" + last + "}");
            assertThat(ack.status()).isEqualTo(200);
            assertThat(ack.json().path("bufferedFrames").asInt()).isZero();
        }
    }

    @Test
    void closeThroughAEndsTheSessionOnB() throws Exception {
        try (ModuleClient m = moduleOnB("860000000000006")) {
            Http.Response r = a.delete("/api/v1/modules/860000000000006/session");
            assertThat(r.status()).isEqualTo(204);
            assertThat(m.closedByServer(5000)).isTrue();
        }
    }

    @Test
    void sessionStreamThroughACarriesWhatTheModuleSendsToB() throws Exception {
        try (ModuleClient m = moduleOnB("860000000000007")) {
            String id = sessionOnB("860000000000007");
            cluster.placeSession(id, "b");
            HttpRequest req = a.withKey(HttpRequest.newBuilder(URI.create(a.url("/api/v1/sessions/" + id + "/stream")))
                    .header("Accept", "text/event-stream").build());
            HttpResponse<InputStream> r = RAW.send(req, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/event-stream"));
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                m.send("streamed");
                String wanted = Base64.getEncoder().encodeToString("streamed".getBytes(StandardCharsets.UTF_8));
                CompletableFuture<Boolean> seen = CompletableFuture.supplyAsync(() -> {
                    try {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            if (line.startsWith("data:") && (line.contains(wanted) || line.contains("streamed"))) {
                                return true;
                            }
                        }
                        return false;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                assertThat(seen.get(15, TimeUnit.SECONDS)).isTrue();
                // on shutdown A ends the streams it forwards, so graceful shutdown does not wait for them
                cluster.a.getBean(Forwarder.class).endStreams();
                CompletableFuture<Boolean> ended = CompletableFuture.supplyAsync(() -> {
                    try {
                        while (lines.readLine() != null) {
                            // heartbeats, if any
                        }
                        return true;
                    } catch (java.io.IOException e) {
                        return true;
                    }
                });
                assertThat(ended.get(15, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void problemsOfTheOwnerComeBackUnchanged() throws Exception {
        cluster.placeModule("860000000000404", "b");
        Http.Response viaA = a.get("/api/v1/modules/860000000000404/recv?timeout=0");
        Http.Response atB = b.get("/api/v1/modules/860000000000404/recv?timeout=0");
        assertThat(viaA.status()).isEqualTo(404).isEqualTo(atB.status());
        assertThat(viaA.contentType()).startsWith("application/problem+json");
        assertThat(viaA.json().path("type").asString()).isEqualTo(atB.json().path("type").asString())
                .endsWith("module-not-found");

        String key = "860000000000409";
        try (ModuleClient m = moduleOnB(key)) {
            // B registered the module when it identified; once it leaves, B answers 409 module-offline
        }
        Await.until("B sees the module leave", () -> b.get("/api/v1/sessions?moduleKey=" + key + "&state=OPEN")
                .json().path("content").isEmpty());
        // registrations are written in batches after the hello
        Await.until("B has registered the module", () -> b.get("/api/v1/modules/" + key).status() == 200);
        Http.Response offline = a.get("/api/v1/modules/" + key + "/recv?timeout=0");
        assertThat(offline.status()).isEqualTo(409);
        assertThat(offline.json().path("type").asString()).endsWith("module-offline");
    }

    @Test
    void aSessionWhoseOwnerCannotBeReachedIsA503NamingIt() throws Exception {
        String id = UUID.randomUUID().toString();
        cluster.placeSession(id, "c");
        Http.Response r = a.get("/api/v1/sessions/" + id + "/recv?timeout=0");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("replica").asString()).isEqualTo("c");
        assertThat(r.json().path("type").asString()).endsWith("replica-unreachable");
    }

    /**
     * A module whose owner refuses the connection (stopping or gone) counts as offline here, where its modules
     * will reconnect: a send with queue=true is queued in the shared outbox (body read once, served twice), and
     * a plain send is the usual 409 rather than a 5xx.
     */
    @Test
    void aModuleWhoseOwnerCannotBeReachedIsServedHereAsOffline() {
        String key = "860000000000503";
        assertThat(a.post("/api/v1/modules", "{\"moduleKey\":\"" + key + "\"}").status()).isEqualTo(201);
        cluster.placeModule(key, "c");
        Http.Response queued = a.post("/api/v1/modules/" + key + "/send?queue=true", "{\"data\":\"later\"}");
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        assertThat(queued.json().path("state").asString()).isEqualTo("QUEUED");
        String id = queued.json().path("messageId").asString();
        Http.Response stored = a.get("/api/v1/outbox/" + id);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().path("size").asInt()).as("the body reached the local handler whole").isEqualTo(5);
        Http.Response offline = a.post("/api/v1/modules/" + key + "/send", "{\"data\":\"now\"}");
        assertThat(offline.status()).as(offline.body()).isEqualTo(409);
        assertThat(offline.json().path("type").asString()).endsWith("module-offline");
    }

    @Test
    void theInternalPortRefusesCallsWithoutTheSecret() throws Exception {
        URI internal = URI.create("http://127.0.0.1:" + TwoReplicas.internalPort(cluster.b) + "/api/v1/stats");
        HttpResponse<String> none = RAW.send(HttpRequest.newBuilder(internal).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = RAW.send(HttpRequest.newBuilder(internal).header("X-Fleet-Internal", "guess")
                .header("X-Fleet-Caller", "x").header("X-Fleet-Roles", "read").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        // a bearer key is no way in either: the internal port is for replicas only
        HttpResponse<String> keyed = RAW.send(HttpRequest.newBuilder(internal)
                .header("Authorization", Http.TEST_BEARER).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keyed.statusCode()).isEqualTo(401);
        HttpResponse<String> right = RAW.send(HttpRequest.newBuilder(internal)
                .header("X-Fleet-Internal", TwoReplicas.SECRET).header("X-Fleet-Caller", "ops")
                .header("X-Fleet-Roles", "read").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @Test
    void thePublicPortIgnoresTheInternalHeaders() throws Exception {
        URI stats = URI.create(a.url("/api/v1/stats"));
        HttpResponse<String> r = RAW.send(HttpRequest.newBuilder(stats).header("X-Fleet-Internal", TwoReplicas.SECRET)
                .header("X-Fleet-Caller", "ops").header("X-Fleet-Roles", "read,send,operate,admin").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        cluster.placeModule("860000000000011", "b");
        HttpResponse<String> send = RAW.send(HttpRequest.newBuilder(URI.create(a.url(
                "/api/v1/modules/860000000000011/send"))).header("Content-Type", "application/json")
                .header("X-Fleet-Internal", TwoReplicas.SECRET).header("X-Fleet-Caller", "ops")
                .header("X-Fleet-Roles", "send").POST(HttpRequest.BodyPublishers.ofString("{\"data\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(send.statusCode()).isEqualTo(401);
    }

    @Test
    void rolesAreCheckedAtTheEdge() throws Exception {
        Http.Response created = a.post("/api/v1/keys", "{\"name\":\"reader\",\"roles\":[\"read\"]}");
        assertThat(created.status()).isEqualTo(201);
        Http reader = new Http(TwoReplicas.apiPort(cluster.a), created.json().path("token").asString());
        try (ModuleClient m = moduleOnB("860000000000012")) {
            Http.Response r = reader.post("/api/v1/modules/860000000000012/send", "{\"data\":\"nope\"}");
            assertThat(r.status()).isEqualTo(403);
            m.socket().setSoTimeout(500);
            assertThat(m.socket().getInputStream().available()).isZero();
            // a read reaches B with the reader's identity, which B checks with the same table
            String id = sessionOnB("860000000000012");
            cluster.placeSession(id, "b");
            assertThat(reader.get("/api/v1/sessions/" + id).status()).isEqualTo(200);
            assertThat(reader.get("/api/v1/modules/860000000000012/messages?after=0").status()).isEqualTo(200);
        }
    }
}
