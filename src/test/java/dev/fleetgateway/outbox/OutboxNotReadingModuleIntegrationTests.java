package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A module that is online but stops reading: sends and outbox deliveries to it lose nothing and repeat
 * nothing. Each payload starts with a marker {@code <n>} so the bytes the module finally reads can be counted
 * per payload.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.modules.send-timeout=500ms",
        "gateway.outbox.sweep-interval=200ms",
        // Many attempts: a write repeated after its timeout would reach the module twice instead of failing.
        "gateway.outbox.max-attempts=1000"})
class OutboxNotReadingModuleIntegrationTests {

    private static final int SIZE = 512 * 1024;

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

    @Test
    void outboxNeverRepeatsAWriteThatOutlivedTheSendTimeout() throws Exception {
        String key = "deaf-outbox";
        register(key);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Http.Response r = http().post("/api/v1/modules/" + key + "/send?queue=true", "application/octet-stream",
                    payload(i, SIZE));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            ids.add(r.json().get("messageId").asString());
        }
        try (DeafModule module = DeafModule.connect(server.localPort(), key)) {
            // The kernel's buffers fill, one write outlives the send timeout and stays SENDING, unrepeated.
            String inFlight = stuckInFlight(key);
            // Its bytes may be out: it can no longer be cancelled (nor expire).
            Http.Response cancel = http().delete("/api/v1/outbox/" + inFlight);
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
            Thread.sleep(1500); // several sweeps and delivery runs while the module does not read

            Map<Integer, Integer> copies = module.readMarkers(16 * (long) SIZE);
            for (int i = 0; i < 16; i++) {
                assertThat(copies.get(i)).as("copies of message %d", i).isEqualTo(1);
            }
            assertThat(copies).hasSize(16);
            Await.until("all delivered", () -> count(key, "DELIVERED") == 16);
            assertThat(http().get("/api/v1/outbox/" + inFlight).json().get("state").asString()).isEqualTo("DELIVERED");
        }
    }

    @Test
    void aMessageInFlightPastItsExpiryIsDeliveredNotExpired() throws Exception {
        String key = "deaf-expiry";
        register(key);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Http.Response r = http().post("/api/v1/modules/" + key + "/send?ttl=10s", "application/octet-stream",
                    payload(i, SIZE));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            ids.add(r.json().get("messageId").asString());
        }
        try (DeafModule module = DeafModule.connect(server.localPort(), key)) {
            String inFlight = stuckInFlight(key);
            int k = ids.indexOf(inFlight);
            // Every message's expiry passes while the module does not read; the sweep expires what waits.
            Await.until("the rest expired", Duration.ofSeconds(30), () -> count(key, "EXPIRED") == 15 - k);
            assertThat(http().get("/api/v1/outbox/" + inFlight).json().get("state").asString()).isEqualTo("SENDING");

            Map<Integer, Integer> copies = module.readMarkers((k + 1L) * SIZE);
            for (int i = 0; i <= k; i++) {
                assertThat(copies.get(i)).as("copies of message %d", i).isEqualTo(1);
            }
            assertThat(copies).as("expired messages are not sent").hasSize(k + 1);
            Await.until("in-flight one delivered", () ->
                    "DELIVERED".equals(http().get("/api/v1/outbox/" + inFlight).json().get("state").asString()));
            assertThat(count(key, "DELIVERED")).isEqualTo(k + 1);
        }
    }

    /**
     * The message whose write is stuck behind the full socket. While the kernel's send buffer still grows a
     * message seen SENDING may be DELIVERED a moment later and the next one claimed, so the same message must
     * be the one in flight on two looks half a second apart.
     */
    private String stuckInFlight(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            tools.jackson.databind.JsonNode content = http().get("/api/v1/modules/" + key + "/outbox?state=SENDING")
                    .json().get("content");
            String now = content.size() == 1 ? content.get(0).get("messageId").asString() : null;
            if (now != null && now.equals(last)) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        throw new AssertionError("no message stayed in flight for " + key);
    }

    @Test
    void aModuleThatStopsReadingIsShownAndCanBeQueuedFor() throws Exception {
        String key = "deaf-direct";
        register(key);
        try (DeafModule module = DeafModule.connect(server.localPort(), key)) {
            Await.until("session", () -> sessions.findByModuleKey(key).filter(s -> s.isOpen()).isPresent());
            String sessionId = sessions.findByModuleKey(key).orElseThrow().id();
            int sent = 0;
            Http.Response r;
            do {
                r = http().post("/api/v1/modules/" + key + "/send", "application/octet-stream", payload(sent, 2 * SIZE));
                sent++;
            } while (r.status() == 200 && sent < 40);
            // Written, not flushed in time: accepted and still pending, never an error that invites a retry.
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            assertThat(r.json().get("state").asString()).isEqualTo("PENDING");
            assertThat(r.json().get("pending").asInt()).isEqualTo(2 * SIZE);

            Http.Response view = http().get("/api/v1/sessions/" + sessionId);
            assertThat(view.json().get("writable").asBoolean()).isFalse();
            assertThat(view.json().get("pendingOutboundBytes").asLong()).isGreaterThan(0);
            Await.until("unwritable gauge", () -> meters.get("fleet.sessions.unwritable").gauge().value() >= 1
                    && meters.get("fleet.send.pending").gauge().value() > 0);

            // Now nothing is written: 503 without queueing, queued with it.
            Http.Response refused = http().post("/api/v1/modules/" + key + "/send", "application/octet-stream",
                    payload(999, 10));
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            Http.Response queued = http().post("/api/v1/modules/" + key + "/send?queue=true",
                    "application/octet-stream", payload(sent, 10));
            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
            String messageId = queued.json().get("messageId").asString();
            Thread.sleep(1000); // several sweeps while the module does not read

            Map<Integer, Integer> copies = module.readMarkers((long) sent * 2 * SIZE + 10);
            for (int i = 0; i <= sent; i++) {
                assertThat(copies.get(i)).as("copies of payload %d", i).isEqualTo(1);
            }
            assertThat(copies).hasSize(sent + 1);
            Await.until("queued one delivered",
                    () -> "DELIVERED".equals(http().get("/api/v1/outbox/" + messageId).json().get("state").asString()));
            assertThat(http().get("/api/v1/sessions/" + sessionId).json().get("writable").asBoolean()).isTrue();
        }
    }

    void register(String key) {
        assertThat(http().post("/api/v1/modules", "{\"moduleKey\":\"" + key + "\"}").status()).isEqualTo(201);
    }

    long count(String key, String state) {
        return http().get("/api/v1/modules/" + key + "/outbox?state=" + state).json().get("totalElements").asLong();
    }

    /** {@code <n>} followed by filler up to {@code size} bytes. */
    static byte[] payload(int n, int size) {
        byte[] marker = ("<" + n + ">").getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[Math.max(size, marker.length)];
        Arrays.fill(p, (byte) 'x');
        System.arraycopy(marker, 0, p, 0, marker.length);
        return p;
    }

    /** A module with a tiny receive window that says hello and then reads nothing until told to. */
    static final class DeafModule implements AutoCloseable {

        private final Socket socket;

        private DeafModule(Socket socket) {
            this.socket = socket;
        }

        static DeafModule connect(int port, String key) throws IOException {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.getOutputStream().write(("IMEI:" + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new DeafModule(s);
        }

        /**
         * Reads at least {@code expected} bytes, then until nothing more comes for a second, and counts the
         * markers: payload number to copies received.
         */
        Map<Integer, Integer> readMarkers(long expected) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            socket.setSoTimeout(30_000);
            while (all.size() < expected) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                all.write(buf, 0, n);
            }
            socket.setSoTimeout(1_000);
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    all.write(buf, 0, n);
                }
            } catch (SocketTimeoutException quiet) {
                // nothing more
            }
            Map<Integer, Integer> copies = new TreeMap<>();
            byte[] b = all.toByteArray();
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '<') {
                    int j = i + 1;
                    int n = 0;
                    while (j < b.length && b[j] >= '0' && b[j] <= '9') {
                        n = n * 10 + (b[j++] - '0');
                    }
                    if (j < b.length && b[j] == '>' && j > i + 1) {
                        copies.merge(n, 1, Integer::sum);
                    }
                }
            }
            return copies;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
