package dev.fleetgateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/**
 * The data-plane port on real loopback sockets: the hot verbs reach real module sockets and answer what the REST
 * port answers for the same call — bodies, statuses and problems compared member for member.
 */
class DataPlaneIntegrationTests {

    private static ConfigurableApplicationContext app;
    private static Http rest;
    private static Http plane;
    private static int planePort;
    private static int modulePort;

    @BeforeAll
    static void start() {
        app = SpringApplication.run(FleetGatewayApplication.class, "--server.port=0",
                "--gateway.data-plane.enabled=true", "--gateway.data-plane.port=0",
                "--gateway.data-plane.bind-address=127.0.0.1");
        rest = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        planePort = app.getBean(DataPlaneServer.class).localPort();
        plane = new Http(planePort);
        modulePort = app.getBean(ModuleServer.class).localPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String sessionOf(String key) {
        // a non-blocking recv on an identified module with nothing buffered: 408 naming its session
        Await.until(key + " identified", () -> rest.get("/api/v1/modules/" + key + "/recv?timeout=0").status() == 408);
        return rest.get("/api/v1/modules/" + key + "/recv?timeout=0").json().get("sessionId").asString();
    }

    @Test
    void sendsByModuleKeyToTheModuleSocketAndAnswersLikeRest() throws Exception {
        try (ModuleClient module = ModuleClient.hello(modulePort, "dp-key-1")) {
            String session = sessionOf("dp-key-1");
            Http.Response viaPlane = plane.post("/api/v1/modules/dp-key-1/send", "{\"data\":\"hello\"}");
            assertThat(viaPlane.status()).isEqualTo(200);
            assertThat(viaPlane.contentType()).startsWith("application/json");
            assertThat(new String(module.recvExactly(5), StandardCharsets.UTF_8)).isEqualTo("hello");
            Http.Response viaRest = rest.post("/api/v1/modules/dp-key-1/send", "{\"data\":\"hello\"}");
            assertThat(module.recvExactly(5)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
            assertThat(viaPlane.json()).isEqualTo(viaRest.json());
            assertThat(viaPlane.json().get("sessionId").asString()).isEqualTo(session);

            Http.Response raw = plane.post("/api/v1/modules/dp-key-1/send?ttl=1m", "application/octet-stream",
                    new byte[] {1, 2, 3});
            assertThat(raw.status()).isEqualTo(200);
            assertThat(module.recvExactly(3)).containsExactly(1, 2, 3);
        }
    }

    @Test
    void sendsBySessionIdToTheModuleSocketAndAnswersLikeRest() throws Exception {
        try (ModuleClient module = ModuleClient.hello(modulePort, "dp-key-2")) {
            String session = sessionOf("dp-key-2");
            Http.Response viaPlane = plane.post("/api/v1/sessions/" + session + "/send",
                    "{\"data\":\"0a0b\",\"encoding\":\"hex\"}");
            assertThat(viaPlane.status()).isEqualTo(200);
            assertThat(module.recvExactly(2)).containsExactly(0x0a, 0x0b);
            Http.Response viaRest = rest.post("/api/v1/sessions/" + session + "/send",
                    "{\"data\":\"0a0b\",\"encoding\":\"hex\"}");
            module.recvExactly(2);
            assertThat(viaPlane.json()).isEqualTo(viaRest.json());
        }
    }

    @Test
    void refusesACallWithoutAKeyAsRestDoes() {
        Http anonymous = new Http(planePort, null);
        Http.Response viaPlane = anonymous.post("/api/v1/modules/any/send", "{\"data\":\"x\"}");
        Http.Response viaRest = new Http(port(rest), null).post("/api/v1/modules/any/send", "{\"data\":\"x\"}");
        assertThat(viaPlane.status()).isEqualTo(401);
        assertSameProblem(viaPlane, viaRest);
        Http.Response wrong = new Http(planePort, "no-such-key").get("/api/v1/sessions/x/recv");
        assertSameProblem(wrong, new Http(port(rest), "no-such-key").get("/api/v1/sessions/x/recv"));
    }

    @Test
    void refusesASendFromAReadOnlyKeyAsRestDoes() {
        String token = rest.post("/api/v1/keys", "{\"name\":\"dp-reader\",\"roles\":[\"read\"]}").json().get("token")
                .asString();
        Http.Response viaPlane = new Http(planePort, token).post("/api/v1/modules/any/send", "{\"data\":\"x\"}");
        Http.Response viaRest = new Http(port(rest), token).post("/api/v1/modules/any/send", "{\"data\":\"x\"}");
        assertThat(viaPlane.status()).isEqualTo(403);
        assertThat(viaPlane.json().get("requiredRole").asString()).isEqualTo("send");
        assertSameProblem(viaPlane, viaRest);
    }

    @Test
    void answersUnknownAndOfflineModulesWithRestsProblems() {
        Http.Response unknown = plane.post("/api/v1/modules/dp-nobody/send", "{\"data\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertSameProblem(unknown, rest.post("/api/v1/modules/dp-nobody/send", "{\"data\":\"x\"}"));

        assertThat(rest.post("/api/v1/modules", "{\"moduleKey\":\"dp-offline\"}").status()).isEqualTo(201);
        Http.Response offline = plane.post("/api/v1/modules/dp-offline/send", "{\"data\":\"x\"}");
        assertThat(offline.status()).isEqualTo(409);
        assertSameProblem(offline, rest.post("/api/v1/modules/dp-offline/send", "{\"data\":\"x\"}"));

        Http.Response queued = plane.post("/api/v1/modules/dp-offline/send?queue=true", "{\"data\":\"x\"}");
        assertThat(queued.status()).isEqualTo(202);
        assertThat(queued.json().get("state").asString()).isEqualTo("QUEUED");
        assertThat(rest.get("/api/v1/outbox/" + queued.json().get("messageId").asString()).status()).isEqualTo(200);

        Http.Response noSession = plane.post("/api/v1/sessions/nope/send", "{\"data\":\"x\"}");
        assertSameProblem(noSession, rest.post("/api/v1/sessions/nope/send", "{\"data\":\"x\"}"));
        Http.Response offlineRecv = plane.get("/api/v1/modules/dp-offline/recv");
        assertThat(offlineRecv.status()).isEqualTo(409);
        assertSameProblem(offlineRecv, rest.get("/api/v1/modules/dp-offline/recv"));
    }

    @Test
    void answersANonBlockingRecvWithNoDataWith408LikeRest() throws Exception {
        try (ModuleClient module = ModuleClient.hello(modulePort, "dp-key-3")) {
            String session = sessionOf("dp-key-3");
            Http.Response viaPlane = plane.get("/api/v1/sessions/" + session + "/recv?timeout=0");
            assertThat(viaPlane.status()).isEqualTo(408);
            assertThat(viaPlane.json().get("errnoName").asString()).isEqualTo("EAGAIN");
            assertSameProblem(viaPlane, rest.get("/api/v1/sessions/" + session + "/recv?timeout=0"));
            Http.Response byKey = plane.get("/api/v1/modules/dp-key-3/recv");
            assertThat(byKey.status()).isEqualTo(408);
        }
    }

    @Test
    void answersAWaitingRecvWhenDataArrives() throws Exception {
        try (ModuleClient module = ModuleClient.hello(modulePort, "dp-key-4")) {
            String session = sessionOf("dp-key-4");
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(plane.withKey(HttpRequest.newBuilder(
                    URI.create(plane.url("/api/v1/sessions/" + session + "/recv?timeout=20s"))).GET().build()),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // the recv is waiting (its answer cannot come before the data)
            assertThat(waiting).isNotDone();
            module.send("abc\n");
            HttpResponse<String> answer = waiting.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode body = Http.parse(answer.body());
            assertThat(new String(Base64.getDecoder().decode(body.get("data").asString()), StandardCharsets.UTF_8))
                    .startsWith("abc");
            assertThat(body.get("sessionId").asString()).isEqualTo(session);
            assertThat(body.get("frames").isArray()).isTrue();

            Http.Response timedOut = plane.get("/api/v1/sessions/" + session + "/recv?timeout=200ms");
            assertThat(timedOut.status()).isEqualTo(408);
            assertThat(timedOut.json().get("errnoName").asString()).isEqualTo("ETIMEDOUT");
        }
    }

    @Test
    void refusesABodyOverTheRestLimitWith413() {
        byte[] big = new byte[2 * 1024 * 1024];
        Http.Response viaPlane = plane.post("/api/v1/modules/any/send", "application/octet-stream", big);
        assertThat(viaPlane.status()).isEqualTo(413);
        assertSameProblem(viaPlane, rest.post("/api/v1/modules/any/send", "application/octet-stream", big));
    }

    @Test
    void answersMalformedJsonWithRestsProblem() {
        Http.Response viaPlane = plane.post("/api/v1/modules/any/send", "{\"data\":");
        assertThat(viaPlane.status()).isEqualTo(400);
        assertSameProblem(viaPlane, rest.post("/api/v1/modules/any/send", "{\"data\":"));
        Http.Response unknownField = plane.post("/api/v1/modules/any/send", "{\"dta\":\"x\"}");
        assertSameProblem(unknownField, rest.post("/api/v1/modules/any/send", "{\"dta\":\"x\"}"));
    }

    @Test
    void answersAnUnknownPathWithAProblemNamingTheVerbsItServes() {
        Http.Response r = plane.get("/api/v1/sessions");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("POST /api/v1/modules/{key}/send")
                .contains("REST port");
        Http.Response wrongMethod = plane.get("/api/v1/modules/x/send");
        assertThat(wrongMethod.status()).isEqualTo(405);
    }

    @Test
    void writesTheRestPortsAuditLineForASend() {
        Logger logger = (Logger) LoggerFactory.getLogger("fleet.audit");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
        try {
            plane.post("/api/v1/modules/dp-audited/send", "{\"data\":\"x\"}");
            rest.post("/api/v1/modules/dp-audited/send", "{\"data\":\"x\"}");
            new Http(planePort, null).post("/api/v1/modules/dp-audited/send", "{\"data\":\"x\"}");
            new Http(port(rest), null).post("/api/v1/modules/dp-audited/send", "{\"data\":\"x\"}");
            Await.until("four audit lines", () -> lines.list.size() >= 4);
            List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            // one line from each port for each call, the same words
            assertThat(messages).filteredOn(m -> m.contains("outcome=404")).containsExactly(
                    "audit key=bootstrap-admin operation=\"POST /api/v1/modules/{idOrKey}/send\" module=dp-audited "
                            + "outcome=404",
                    "audit key=bootstrap-admin operation=\"POST /api/v1/modules/{idOrKey}/send\" module=dp-audited "
                            + "outcome=404");
            assertThat(messages).filteredOn(m -> m.contains("outcome=401")).containsExactly(
                    "audit key=- operation=\"POST /api/v1/modules/dp-audited/send\" module=- outcome=401",
                    "audit key=- operation=\"POST /api/v1/modules/dp-audited/send\" module=- outcome=401");
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(null);
        }
    }

    @Test
    void readsByCursorWithRestsParametersAnswersAndErrors() throws Exception {
        assertThat(rest.post("/api/v1/modules", "{\"moduleKey\":\"dp-cursor-offline\"}").status()).isEqualTo(201);
        try (ModuleClient module = ModuleClient.hello(modulePort, "dp-key-5")) {
            String session = sessionOf("dp-key-5");
            module.send("one\ntwo\n");
            String all = "/api/v1/sessions/" + session + "/messages?encoding=text";
            Await.until("the bytes buffered", () -> {
                int n = 0;
                for (JsonNode m : rest.get(all).json().get("messages")) {
                    n += m.get("length").asInt();
                }
                return n == 8;
            });
            long last = rest.get(all).json().get("lastSeq").asLong();
            for (String path : List.of(all, "/api/v1/modules/dp-key-5/messages",
                    "/api/v1/modules/dp-key-5/messages?after=1&limit=1&encoding=hex",
                    "/api/v1/sessions/" + session + "/messages?after=" + last + "&wait=200ms",
                    "/api/v1/sessions/" + session + "/messages?limit=0",
                    "/api/v1/sessions/" + session + "/messages?limit=many",
                    "/api/v1/sessions/" + session + "/messages?after=-1",
                    "/api/v1/sessions/" + session + "/messages?after=x",
                    "/api/v1/sessions/" + session + "/messages?wait=forever",
                    "/api/v1/sessions/" + session + "/messages?encoding=rot13",
                    "/api/v1/sessions/nope/messages",
                    "/api/v1/modules/dp-cursor-nobody/messages",
                    "/api/v1/modules/dp-cursor-offline/messages")) {
                Http.Response viaPlane = plane.get(path);
                Http.Response viaRest = rest.get(path);
                assertThat(viaPlane.status()).as(path + ": " + viaPlane.body()).isEqualTo(viaRest.status());
                assertThat(viaPlane.contentType()).as(path).isEqualTo(viaRest.contentType());
                assertThat(viaPlane.json()).as(path).isEqualTo(viaRest.json());
            }
            assertThat(plane.get(all).json().get("messages").size()).isPositive();
        }
    }

    private static int port(Http http) {
        return URI.create(http.url("/")).getPort();
    }

    private static void assertSameProblem(Http.Response viaPlane, Http.Response viaRest) {
        assertThat(viaPlane.status()).as(viaPlane.body()).isEqualTo(viaRest.status());
        assertThat(viaPlane.contentType()).startsWith("application/problem+json");
        assertThat(viaPlane.json()).as("data-plane problem vs REST's").isEqualTo(viaRest.json());
    }

}
