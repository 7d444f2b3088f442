package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/** The usocket verbs over real HTTP against real module sockets. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SessionApiIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    String sessionOf(String key) {
        Await.until("bound " + key, () -> registry.findByModuleKey(key).isPresent());
        return registry.findByModuleKey(key).orElseThrow().id();
    }

    @Test
    void replaysTheSeedDocumentFromTheServerSide() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = new ModuleClient(server.localPort())) {
            // ③ connect: the module is online; ④ it sends 12 bytes
            assertThat(module.send("1234567890\r\n")).isEqualTo(12);
            Await.until("anonymous session listed", () -> http.get("/api/v1/sessions?state=OPEN").json()
                    .get("content").valueStream().anyMatch(s -> s.get("stats").get("bytesIn").asInt() == 12));
            String id = http.get("/api/v1/sessions?state=OPEN").json().get("content").valueStream()
                    .filter(s -> s.get("stats").get("bytesIn").asInt() == 12).findFirst().orElseThrow().get("id").asString();

            Http.Response got = http.get("/api/v1/sessions/" + id + "/recv?max=1024&timeout=1s&encoding=text");
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.json().get("length").asInt()).isEqualTo(12);
            assertThat(got.json().get("data").asString()).isEqualTo("1234567890\r\n");

            // ⑤ the server sends 10 bytes; the module's recv(1024) gets them
            Http.Response sent = http.post("/api/v1/sessions/" + id + "/send", "{\"data\":\"0123456789\"}");
            assertThat(sent.status()).isEqualTo(200);
            assertThat(sent.json().get("sent").asInt()).isEqualTo(10);
            assertThat(new String(module.recvExactly(10), StandardCharsets.UTF_8)).isEqualTo("0123456789");

            // ⑥ close: the module sees the connection end
            assertThat(http.delete("/api/v1/sessions/" + id).status()).isEqualTo(204);
            assertThat(module.closedByServer(3000)).isTrue();
            Await.until("closed", () -> "CLOSED".equals(http.get("/api/v1/sessions/" + id).json().get("state").asString()));
            JsonNode closed = http.get("/api/v1/sessions/" + id).json();
            assertThat(closed.get("closeReason").asString()).isEqualTo("CLOSED_BY_API");
            assertThat(closed.get("tcpState").asInt()).isEqualTo(-1);

            Http.Response eof = http.get("/api/v1/sessions/" + id + "/recv?timeout=5s");
            assertThat(eof.status()).isEqualTo(200);
            assertThat(eof.json().get("eof").asBoolean()).isTrue();
            assertThat(eof.json().get("length").asInt()).isZero();

            Http.Response late = http.post("/api/v1/sessions/" + id + "/send", "{\"data\":\"x\"}");
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.json().get("errno").asInt()).isEqualTo(107);
        }
    }

    @Test
    void sendsEveryByteValueInEachEncoding() throws Exception {
        Http http = new Http(httpPort);
        byte[] all = allBytes();
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "enc-module")) {
            String id = sessionOf("enc-module");
            String base = "/api/v1/sessions/" + id + "/send";
            assertThat(http.post(base, "{\"data\":\"" + HexFormat.of().formatHex(all) + "\",\"encoding\":\"hex\"}")
                    .json().get("sent").asInt()).isEqualTo(256);
            assertThat(module.recvExactly(256)).isEqualTo(all);
            assertThat(http.post(base, "{\"data\":\"" + Base64.getEncoder().encodeToString(all) + "\",\"encoding\":\"BASE64\"}")
                    .json().get("sent").asInt()).isEqualTo(256);
            assertThat(module.recvExactly(256)).isEqualTo(all);
            assertThat(http.post(base, "application/octet-stream", all).json().get("sent").asInt()).isEqualTo(256);
            assertThat(module.recvExactly(256)).isEqualTo(all);
            assertThat(http.post(base, "{\"data\":\"héllo\",\"encoding\":\"text\"}").json().get("sent").asInt()).isEqualTo(6);
            assertThat(new String(module.recvExactly(6), StandardCharsets.UTF_8)).isEqualTo("héllo");

            assertThat(http.post(base, "{\"data\":\"abc\",\"encoding\":\"hex\"}").status()).isEqualTo(400);
            assertThat(http.post(base, "{\"data\":\"!!!\",\"encoding\":\"base64\"}").status()).isEqualTo(400);
            assertThat(http.post(base, "{\"data\":\"x\",\"encoding\":\"rot13\"}").status()).isEqualTo(400);

            // uplink: every byte value, read back as base64, hex and raw octets
            module.send(all);
            Await.until("256 buffered", () -> registry.find(id).orElseThrow().stats().bufferedBytes() == 256);
            Http.Response b64 = http.get("/api/v1/sessions/" + id + "/recv?max=100");
            assertThat(Base64.getDecoder().decode(b64.json().get("data").asString())).isEqualTo(java.util.Arrays.copyOf(all, 100));
            Http.Response hex = http.get("/api/v1/sessions/" + id + "/recv?max=100&encoding=hex");
            assertThat(HexFormat.of().parseHex(hex.json().get("data").asString())).isEqualTo(java.util.Arrays.copyOfRange(all, 100, 200));
            HttpResponse<byte[]> raw = http.raw(HttpRequest.newBuilder(URI.create(http.url("/api/v1/sessions/" + id + "/recv?max=100")))
                    .header("Accept", "application/octet-stream"));
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.body()).isEqualTo(java.util.Arrays.copyOfRange(all, 200, 256));
            assertThat(raw.headers().firstValue("X-EOF")).contains("false");
        }
    }

    @Test
    void recvBlocksTimesOutOrReturnsAtOnce() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "recv-module")) {
            String id = sessionOf("recv-module");
            Http.Response nonBlocking = http.get("/api/v1/sessions/" + id + "/recv?timeout=0");
            assertThat(nonBlocking.status()).isEqualTo(408);
            assertThat(nonBlocking.json().get("errno").asInt()).isEqualTo(11);

            Http.Response timedOut = http.get("/api/v1/sessions/" + id + "/recv?timeout=200ms");
            assertThat(timedOut.status()).isEqualTo(408);
            assertThat(timedOut.json().get("errno").asInt()).isEqualTo(110);
            assertThat(timedOut.json().get("errnoName").asString()).isEqualTo("ETIMEDOUT");

            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    module.send("late");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            later.start();
            Http.Response blocking = http.get("/api/v1/sessions/" + id + "/recv?timeout=5&encoding=text");
            assertThat(blocking.status()).isEqualTo(200);
            assertThat(blocking.json().get("data").asString()).isEqualTo("late");

            assertThat(http.get("/api/v1/sessions/" + id + "/recv?max=0").status()).isEqualTo(400);
            assertThat(http.get("/api/v1/sessions/" + id + "/recv?timeout=soon").status()).isEqualTo(400);
            assertThat(http.get("/api/v1/sessions/nope/recv").status()).isEqualTo(404);
        }
    }

    @Test
    void cursorReaderThatLostAResponseLosesNothing() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "cursor-module")) {
            String id = sessionOf("cursor-module");
            module.send("a");
            Await.until("1", () -> registry.find(id).orElseThrow().stats().framesIn() == 1);
            module.send("b");
            Await.until("2", () -> registry.find(id).orElseThrow().stats().framesIn() == 2);
            String path = "/api/v1/sessions/" + id + "/messages?after=0&encoding=text";
            JsonNode first = http.get(path).json();
            JsonNode again = http.get(path).json(); // the first response was "lost"
            assertThat(again.get("messages")).isEqualTo(first.get("messages"));
            assertThat(first.get("messages").get(0).get("data").asString()).isEqualTo("a");
            assertThat(first.get("messages").get(1).get("seq").asLong()).isEqualTo(2);
            assertThat(first.get("nextAfter").asLong()).isEqualTo(2);

            JsonNode acked = http.post("/api/v1/sessions/" + id + "/messages/ack", "{\"upTo\":2}").json();
            assertThat(acked.get("freed").asInt()).isEqualTo(2);
            assertThat(acked.get("bufferedFrames").asInt()).isZero();

            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    module.send("c");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            later.start();
            JsonNode polled = http.get("/api/v1/sessions/" + id + "/messages?after=2&wait=5s&encoding=text").json();
            assertThat(polled.get("messages").get(0).get("data").asString()).isEqualTo("c");
            assertThat(polled.get("messages").get(0).get("seq").asLong()).isEqualTo(3);
            assertThat(polled.get("gap").asBoolean()).isFalse();
            assertThat(http.post("/api/v1/sessions/" + id + "/messages/ack", "{}").status()).isEqualTo(400);
        }
    }

    @Test
    void moduleAddressedVerbsFollowTheCurrentSession() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "routed-module")) {
            sessionOf("routed-module");
            module.send("hi");
            Http.Response r = http.get("/api/v1/modules/routed-module/recv?timeout=5s&encoding=text");
            assertThat(r.json().get("data").asString()).isEqualTo("hi");
            module.send("x");
            Await.until("frame", () -> http.get("/api/v1/modules/routed-module/messages").json().get("messages").size() == 1);
            long seq = http.get("/api/v1/modules/routed-module/messages").json().get("lastSeq").asLong();
            assertThat(http.post("/api/v1/modules/routed-module/messages/ack", "{\"upTo\":" + seq + "}").status()).isEqualTo(200);
            assertThat(http.delete("/api/v1/modules/routed-module/session").status()).isEqualTo(204);
            assertThat(module.closedByServer(3000)).isTrue();
            Await.until("offline", () -> registry.findByModuleKey("routed-module").isEmpty());
            Await.until("registered", () -> http.get("/api/v1/modules/routed-module").status() == 200);
            Http.Response offline = http.get("/api/v1/modules/routed-module/recv");
            assertThat(offline.status()).isEqualTo(409);
            assertThat(offline.json().get("title").asString()).isEqualTo("Module offline");
            assertThat(http.get("/api/v1/modules/never-seen/recv").status()).isEqualTo(404);
        }
    }

    @Test
    void binaryDataAskedAsTextStaysForTheNextReader() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "binary-module")) {
            String id = sessionOf("binary-module");
            module.send(new byte[] {(byte) 0xFF, 0, 1});
            Await.until("buffered", () -> registry.find(id).orElseThrow().stats().bufferedBytes() == 3);
            assertThat(http.get("/api/v1/sessions/" + id + "/recv?encoding=text").status()).isEqualTo(409);
            Http.Response hex = http.get("/api/v1/sessions/" + id + "/recv?encoding=hex");
            assertThat(hex.status()).isEqualTo(200);
            assertThat(hex.json().get("data").asString()).isEqualTo("ff0001");
        }
    }

    @Test
    void recvOnADelimiterSessionShowsWhereEachFrameEnds() throws Exception {
        Http http = new Http(httpPort);
        try (ServerSocket module = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Http.Response opened = http.post("/api/v1/sessions", "{\"host\":\"127.0.0.1\",\"port\":"
                    + module.getLocalPort() + ",\"framing\":{\"mode\":\"DELIMITER\",\"delimiter\":\"\\\\n\"}}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            String id = opened.json().get("id").asString();
            try (java.net.Socket accepted = module.accept()) {
                accepted.getOutputStream().write("three\nfour\nfive\n".getBytes(StandardCharsets.UTF_8));
                Await.until("three frames", () -> registry.find(id).orElseThrow().stats().bufferedFrames() == 3);

                JsonNode first = http.get("/api/v1/sessions/" + id + "/recv?max=7&encoding=text").json();
                assertThat(first.get("data").asString()).isEqualTo("threefo");
                assertThat(first.get("frames").toString())
                        .isEqualTo("[{\"seq\":1,\"length\":5,\"end\":true},{\"seq\":2,\"length\":2,\"end\":false}]");
                JsonNode rest = http.get("/api/v1/sessions/" + id + "/recv?max=100&encoding=text").json();
                assertThat(rest.get("data").asString()).isEqualTo("urfive");
                assertThat(rest.get("frames").toString())
                        .isEqualTo("[{\"seq\":2,\"length\":2,\"end\":true},{\"seq\":3,\"length\":4,\"end\":true}]");
                assertThat(http.delete("/api/v1/sessions/" + id).status()).isEqualTo(204);
            }
        }
    }

    @Test
    void opensOutboundSessionsOverRest() throws Exception {
        Http http = new Http(httpPort);
        try (ServerSocket module = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Http.Response opened = http.post("/api/v1/sessions", "{\"host\":\"127.0.0.1\",\"port\":" + module.getLocalPort()
                    + ",\"moduleKey\":\"tcp-server-module\",\"framing\":{\"mode\":\"DELIMITER\",\"delimiter\":\"\\\\r\\\\n\"},\"connectTimeout\":\"2s\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            assertThat(opened.json().get("direction").asString()).isEqualTo("OUTBOUND");
            assertThat(opened.json().get("state").asString()).isEqualTo("OPEN");
            String id = opened.json().get("id").asString();
            try (java.net.Socket accepted = module.accept()) {
                accepted.getOutputStream().write("one\r\ntwo\r\n".getBytes(StandardCharsets.UTF_8));
                JsonNode msgs = http.get("/api/v1/sessions/" + id + "/messages?wait=5s&encoding=text").json();
                Await.until("two", () -> http.get("/api/v1/sessions/" + id + "/messages").json().get("messages").size() == 2);
                assertThat(msgs.get("messages").get(0).get("data").asString()).isEqualTo("one");
                assertThat(http.delete("/api/v1/sessions/" + id).status()).isEqualTo(204);
            }
        }
        int closedPort;
        try (ServerSocket tmp = new ServerSocket(0)) {
            closedPort = tmp.getLocalPort();
        }
        Http.Response refused = http.post("/api/v1/sessions", "{\"host\":\"127.0.0.1\",\"port\":" + closedPort + "}");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.json().get("errno").asInt()).isEqualTo(111);
        assertThat(refused.json().get("errnoName").asString()).isEqualTo("ECONNREFUSED");
        Http.Response dns = http.post("/api/v1/sessions", "{\"host\":\"no-such-host.invalid\",\"port\":80}");
        assertThat(dns.status()).isEqualTo(502);
        assertThat(dns.json().get("errno").asInt()).isEqualTo(202);
        assertThat(http.post("/api/v1/sessions", "{\"host\":\"\",\"port\":70000}").status()).isEqualTo(400);
        assertThat(http.post("/api/v1/sessions", "{\"host\":\"h\",\"port\":1,\"framing\":{\"mode\":\"FIXED\"}}").status()).isEqualTo(400);
    }
}
