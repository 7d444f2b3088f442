package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;

/** Sending and the offline outbox end to end: real HTTP, real module sockets on loopback. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "gateway.outbox.sweep-interval=100ms", "gateway.outbox.per-module=5" })
class OutboxIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    MeterRegistry meters;

    Http http() {
        return new Http(httpPort);
    }

    void register(String key) {
        assertThat(http().post("/api/v1/modules", "{\"moduleKey\":\"" + key + "\"}").status()).isEqualTo(201);
    }

    ModuleClient online(String key) throws IOException {
        ModuleClient c = ModuleClient.hello(server.localPort(), key);
        Await.until("session of " + key, () -> sessions.findByModuleKey(key).filter(s -> s.isOpen()).isPresent());
        return c;
    }

    String queue(String key, String text, String query) {
        Http.Response r = http().post("/api/v1/modules/" + key + "/send?" + query, "{\"data\":\"" + text + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("messageId").asString();
    }

    String state(String messageId) {
        return http().get("/api/v1/outbox/" + messageId).json().get("state").asString();
    }

    static void assertNothingMore(ModuleClient module) throws IOException {
        module.socket().setSoTimeout(300);
        assertThatThrownBy(() -> module.recv(1)).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void everyByteValueArrivesExactlyInEachEncoding() throws Exception {
        register("bytes-1");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (ModuleClient module = online("bytes-1")) {
            String sessionId = sessions.findByModuleKey("bytes-1").orElseThrow().id();
            Http.Response hex = http().post("/api/v1/modules/bytes-1/send",
                    "{\"data\":\"" + HexFormat.of().formatHex(all) + "\",\"encoding\":\"hex\"}");
            assertThat(hex.status()).as(hex.body()).isEqualTo(200);
            assertThat(hex.json().get("sent").asInt()).isEqualTo(256);
            assertThat(hex.json().get("sessionId").asString()).isEqualTo(sessionId);
            assertThat(module.recvExactly(256)).isEqualTo(all);

            Http.Response b64 = http().post("/api/v1/modules/bytes-1/send",
                    "{\"data\":\"" + Base64.getEncoder().encodeToString(all) + "\",\"encoding\":\"base64\"}");
            assertThat(b64.status()).isEqualTo(200);
            assertThat(module.recvExactly(256)).isEqualTo(all);

            Http.Response raw = http().post("/api/v1/modules/bytes-1/send", "application/octet-stream", all);
            assertThat(raw.status()).isEqualTo(200);
            assertThat(raw.json().get("sent").asInt()).isEqualTo(256);
            assertThat(module.recvExactly(256)).isEqualTo(all);

            String text = "héllo ✓ AT+QPING\\r\\n";
            byte[] utf8 = "héllo ✓ AT+QPING\r\n".getBytes(StandardCharsets.UTF_8);
            Http.Response t = http().post("/api/v1/modules/bytes-1/send", "{\"data\":\"" + text + "\"}");
            assertThat(t.json().get("sent").asInt()).isEqualTo(utf8.length);
            assertThat(module.recvExactly(utf8.length)).isEqualTo(utf8);
        }
    }

    @Test
    void answersOfflineWithoutQueueAndNotFoundForUnknownModules() {
        register("offline-1");
        Http.Response offline = http().post("/api/v1/modules/offline-1/send", "{\"data\":\"x\"}");
        assertThat(offline.status()).isEqualTo(409);
        assertThat(offline.json().get("type").asString()).endsWith("/module-offline");
        assertThat(http().post("/api/v1/modules/never-registered/send?queue=true", "{\"data\":\"x\"}").status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/modules/never-registered/outbox").status()).isEqualTo(404);
        assertThat(http().get("/api/v1/modules/offline-1/outbox").json().get("totalElements").asInt()).isZero();
    }

    @Test
    void deliversQueuedMessagesInOrderWhenTheModuleComesBack() throws Exception {
        register("order-1");
        double delivered = meters.counter("fleet.outbox.messages", "outcome", "delivered").count();
        String first = queue("order-1", "one;", "queue=true");
        String second = queue("order-1", "two;", "ttl=10m");
        String third = queue("order-1", "three;", "queue=true&ttl=1h");
        Http.Response list = http().get("/api/v1/modules/order-1/outbox?state=QUEUED");
        assertThat(list.json().get("totalElements").asInt()).isEqualTo(3);
        assertThat(list.json().get("content").get(0).get("messageId").asString()).isEqualTo(first);
        assertThat(meters.get("fleet.outbox.queued").gauge().value()).isGreaterThanOrEqualTo(3);

        try (ModuleClient module = ModuleClient.hello(server.localPort(), "order-1")) {
            assertThat(new String(module.recvExactly(14), StandardCharsets.UTF_8)).isEqualTo("one;two;three;");
            Await.until("all delivered", () -> state(third).equals("DELIVERED"));
            String sessionId = sessions.findByModuleKey("order-1").orElseThrow().id();
            for (String id : new String[] { first, second, third }) {
                Http.Response m = http().get("/api/v1/outbox/" + id);
                assertThat(m.json().get("state").asString()).isEqualTo("DELIVERED");
                assertThat(m.json().get("sessionId").asString()).isEqualTo(sessionId);
                assertThat(m.json().get("deliveredAt").isNull()).isFalse();
            }
            assertNothingMore(module);
        }
        assertThat(meters.counter("fleet.outbox.messages", "outcome", "delivered").count()).isEqualTo(delivered + 3);
        assertThat(meters.get("fleet.outbox.delivery.delay").timer().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void sendsNowWhenOnlineEvenIfQueueingIsAllowed() throws Exception {
        register("online-q");
        try (ModuleClient module = online("online-q")) {
            Http.Response r = http().post("/api/v1/modules/online-q/send?queue=true", "{\"data\":\"now\"}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(module.recvExactly(3), StandardCharsets.UTF_8)).isEqualTo("now");
        }
        assertThat(http().get("/api/v1/modules/online-q/outbox").json().get("totalElements").asInt()).isZero();
    }

    @Test
    void expiredMessagesAreNeverDelivered() throws Exception {
        register("ttl-1");
        String shortLived = queue("ttl-1", "stale", "ttl=300ms");
        Await.until("expired", () -> state(shortLived).equals("EXPIRED"));
        queue("ttl-1", "fresh", "ttl=1h");
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "ttl-1")) {
            assertThat(new String(module.recvExactly(5), StandardCharsets.UTF_8)).isEqualTo("fresh");
            assertNothingMore(module);
        }
        assertThat(state(shortLived)).isEqualTo("EXPIRED");
        assertThat(meters.counter("fleet.outbox.messages", "outcome", "expired").count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void cancelledMessagesAreNeverDelivered() throws Exception {
        register("cancel-1");
        String cancelled = queue("cancel-1", "never", "queue=true");
        queue("cancel-1", "kept!", "queue=true");
        assertThat(http().delete("/api/v1/outbox/" + cancelled).status()).isEqualTo(204);
        assertThat(state(cancelled)).isEqualTo("CANCELLED");
        Http.Response again = http().delete("/api/v1/outbox/" + cancelled);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(http().delete("/api/v1/outbox/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "cancel-1")) {
            assertThat(new String(module.recvExactly(5), StandardCharsets.UTF_8)).isEqualTo("kept!");
            assertNothingMore(module);
        }
        assertThat(http().get("/api/v1/modules/cancel-1/outbox?state=CANCELLED").json().get("totalElements").asInt())
                .isEqualTo(1);
    }

    @Test
    void aFullOutboxRefusesMoreInsteadOfDroppingAny() {
        register("full-1");
        for (int i = 0; i < 5; i++) {
            queue("full-1", "m" + i, "queue=true");
        }
        Http.Response full = http().post("/api/v1/modules/full-1/send?queue=true", "{\"data\":\"m5\"}");
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.json().get("type").asString()).endsWith("/outbox-full");
        assertThat(http().get("/api/v1/modules/full-1/outbox").json().get("totalElements").asInt()).isEqualTo(5);
        Http.Response tooLong = http().post("/api/v1/modules/full-1/send?ttl=31d", "{\"data\":\"x\"}");
        assertThat(tooLong.status()).isEqualTo(400);
    }
}
