package dev.fleetgateway.session;

import dev.fleetgateway.system.DatabaseWriter;

import dev.fleetgateway.session.codec.FramingSpec;

import dev.fleetgateway.usocket.Errno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/** Sessions with real sockets on loopback, default settings (hello optional, duplicates replace). */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SessionLifecycleIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    SessionDialer dialer;

    @Autowired
    SessionRecordRepository history;

    @Autowired
    DatabaseWriter writer;

    ModuleSession sessionFrom(ModuleClient client) {
        // Closed sessions of earlier tests stay in the table a while, and their client ports get reused: only
        // a live session can be this client's.
        int localPort = client.socket().getLocalPort();
        java.util.function.Predicate<ModuleSession> ours = s -> !s.isClosed() && s.remoteAddress() != null
                && s.remoteAddress().endsWith(":" + localPort);
        Await.until("session for client port " + localPort, () -> registry.all().stream().anyMatch(ours));
        return registry.all().stream().filter(ours).findFirst().orElseThrow();
    }

    @Test
    void servesTheSeedFlowAnonymously() throws Exception {
        try (ModuleClient module = new ModuleClient(server.localPort())) {
            assertThat(module.send("1234567890\r\n")).isEqualTo(12);
            ModuleSession s = sessionFrom(module);
            Await.until("12 bytes buffered", () -> s.stats().bufferedBytes() == 12);
            assertThat(s.moduleKey()).isNull();
            assertThat(s.state()).isEqualTo(SessionState.OPEN);
            assertThat(s.state().tcpState()).isEqualTo(4);

            RecvResult got = s.recv(1024, 0).get();
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("1234567890\r\n");
            assertThat(s.send("0123456789".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS)).isEqualTo(10);
            assertThat(new String(module.recvExactly(10), StandardCharsets.UTF_8)).isEqualTo("0123456789");

            module.close();
            Await.until("closed", s::isClosed);
            assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_CLOSED);
            assertThat(s.stats().bytesIn()).isEqualTo(12);
            assertThat(s.stats().bytesOut()).isEqualTo(10);
            Await.until("history row", () -> history.findById(s.id()).isPresent());
            assertThat(history.findById(s.id()).orElseThrow().getCloseReason()).isEqualTo(CloseReason.CLIENT_CLOSED);
        }
    }

    @Test
    void identifiesByHelloAndRegistersTheModule() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "866327040000100")) {
            module.send("data");
            Await.until("bound", () -> registry.findByModuleKey("866327040000100").isPresent());
            ModuleSession s = registry.findByModuleKey("866327040000100").orElseThrow();
            Await.until("4 bytes", () -> s.stats().bufferedBytes() == 4);
            Await.until("module registered", () -> http.get("/api/v1/modules/866327040000100").status() == 200);
            Http.Response m = http.get("/api/v1/modules/866327040000100");
            assertThat(m.json().get("kind").asString()).isEqualTo("REAL");
            assertThat(m.json().get("currentSession").get("id").asString()).isEqualTo(s.id());
            assertThat(m.json().get("lastSeenAt").isNull()).isFalse();

            Http.Response list = http.get("/api/v1/sessions?moduleKey=866327040000100");
            assertThat(list.json().get("totalElements").asInt()).isEqualTo(1);
            Http.Response one = http.get("/api/v1/sessions/" + s.id());
            assertThat(one.json().get("state").asString()).isEqualTo("OPEN");
            assertThat(one.json().get("tcpState").asInt()).isEqualTo(4);
            assertThat(one.json().get("stats").get("bytesIn").asLong()).isEqualTo(4);
        }
        assertThat(http.get("/api/v1/sessions/no-such-id").status()).isEqualTo(404);
    }

    @Test
    void reconnectingModuleReplacesItsOldSession() throws Exception {
        try (ModuleClient first = ModuleClient.hello(server.localPort(), "dup-module")) {
            Await.until("first bound", () -> registry.findByModuleKey("dup-module").isPresent());
            ModuleSession old = registry.findByModuleKey("dup-module").orElseThrow();
            try (ModuleClient second = ModuleClient.hello(server.localPort(), "dup-module")) {
                Await.until("old replaced", old::isClosed);
                assertThat(old.closeReason()).isEqualTo(CloseReason.REPLACED);
                assertThat(first.closedByServer(2000)).isTrue();
                Await.until("new bound", () -> registry.findByModuleKey("dup-module").map(s -> s != old).orElse(false));
            }
        }
    }

    @Test
    void listsTheSessionsOfOneModuleOpenAndClosedNewestFirst() throws Exception {
        Http http = new Http(httpPort);
        List<String> ids = new ArrayList<>();
        try (ModuleClient other = ModuleClient.hello(server.localPort(), "listed-other")) {
            for (int i = 0; i < 3; i++) {
                ModuleClient c = ModuleClient.hello(server.localPort(), "listed-1");
                String previous = ids.isEmpty() ? null : ids.get(ids.size() - 1);
                Await.until("session " + i + " bound", () -> registry.findByModuleKey("listed-1")
                        .filter(s -> !s.id().equals(previous)).isPresent());
                ids.add(registry.findByModuleKey("listed-1").orElseThrow().id());
                if (i < 2) {
                    c.close();
                    Await.until("session " + i + " closed", () -> registry.find(ids.get(ids.size() - 1))
                            .map(ModuleSession::isClosed).orElse(false));
                } else {
                    try (c) {
                        Http.Response all = http.get("/api/v1/sessions?moduleKey=listed-1");
                        assertThat(all.json().get("totalElements").asInt()).isEqualTo(3);
                        List<String> listed = new ArrayList<>();
                        all.json().get("content").forEach(v -> listed.add(v.get("id").asString()));
                        assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));

                        Http.Response open = http.get("/api/v1/sessions?moduleKey=listed-1&state=OPEN");
                        assertThat(open.json().get("totalElements").asInt()).isEqualTo(1);
                        assertThat(open.json().get("content").get(0).get("id").asString()).isEqualTo(ids.get(2));

                        Http.Response secondPage = http.get("/api/v1/sessions?moduleKey=listed-1&size=2&page=1");
                        assertThat(secondPage.json().get("totalPages").asInt()).isEqualTo(2);
                        assertThat(secondPage.json().get("content").get(0).get("id").asString()).isEqualTo(ids.get(0));

                        assertThat(http.get("/api/v1/sessions?moduleKey=never-seen").json().get("totalElements")
                                .asInt()).isZero();
                    }
                }
            }
        }
    }

    @Test
    void abruptClientDeathIsAReset() throws Exception {
        ModuleClient module = ModuleClient.hello(server.localPort(), "rst-module");
        Await.until("bound", () -> registry.findByModuleKey("rst-module").isPresent());
        ModuleSession s = registry.findByModuleKey("rst-module").orElseThrow();
        module.abort();
        Await.until("closed", s::isClosed);
        assertThat(s.closeReason()).isEqualTo(CloseReason.RESET);
        assertThat(s.errno()).isEqualTo(Errno.ECONNRESET);
        // The session turns CLOSED a moment before the table drops its key (same thread, next statement).
        Await.until("key released", () -> registry.findByModuleKey("rst-module").isEmpty());
    }

    @Test
    void fiveHundredConcurrentModulesAgreeWithTableAndHistory() throws Exception {
        int n = 500;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key = "bulk-" + i;
                futures.add(pool.submit(() -> {
                    try (ModuleClient c = ModuleClient.hello(server.localPort(), key)) {
                        c.send("ping-" + key);
                        Await.until("bound " + key, () -> registry.findByModuleKey(key).isPresent());
                        ModuleSession s = registry.findByModuleKey(key).orElseThrow();
                        ids.add(s.id());
                        Await.until("data " + key, () -> s.stats().bytesIn() == ("ping-" + key).length());
                        s.send(("pong-" + key).getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
                        assertThat(new String(c.recvExactly(("pong-" + key).length()), StandardCharsets.UTF_8))
                                .isEqualTo("pong-" + key);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(n);
        Await.until("all closed", Duration.ofSeconds(20), () -> ids.stream()
                .allMatch(id -> registry.find(id).map(ModuleSession::isClosed).orElse(true)));
        Await.until("history has all", Duration.ofSeconds(20), () -> history.findAllById(ids).size() == n);
        assertThat(history.findAllById(ids)).allSatisfy(r -> {
            assertThat(r.getCloseReason()).isEqualTo(CloseReason.CLIENT_CLOSED);
            assertThat(r.getFramesOut()).isEqualTo(1);
            assertThat(r.getModuleKey()).startsWith("bulk-");
        });
    }

    @Test
    void outboundDialReachesAListeningModule() throws Exception {
        try (ServerSocket module = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ModuleSession s = dialer.dial(new DialSpec("localhost", module.getLocalPort(), "listener-1",
                    FramingSpec.lines(), Duration.ofSeconds(2), null)).get(5, TimeUnit.SECONDS);
            try (Socket accepted = module.accept()) {
                assertThat(s.direction()).isEqualTo(Direction.OUTBOUND);
                assertThat(s.isOpen()).isTrue();
                assertThat(s.moduleKey()).isEqualTo("listener-1");
                accepted.getOutputStream().write("a\nbc\n".getBytes(StandardCharsets.UTF_8));
                Await.until("two frames", () -> s.stats().framesIn() == 2);
                assertThat(s.read(0, 10, 0).get().frames()).extracting(f -> new String(f.data(), StandardCharsets.UTF_8))
                        .containsExactly("a", "bc");
                s.close(CloseReason.CLOSED_BY_API);
                accepted.setSoTimeout(2000);
                assertThat(accepted.getInputStream().read()).isEqualTo(-1);
                Await.until("closed", s::isClosed);
                assertThat(s.closeReason()).isEqualTo(CloseReason.CLOSED_BY_API);
            }
        }
    }

    @Test
    void outboundRefusedMapsToErrno111() throws Exception {
        int closedPort;
        try (ServerSocket tmp = new ServerSocket(0)) {
            closedPort = tmp.getLocalPort();
        }
        assertThatThrownBy(() -> dialer.dial(new DialSpec("127.0.0.1", closedPort, null, null, Duration.ofSeconds(2), null))
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(DialException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ECONNREFUSED);
                    assertThat(e.errno().code()).isEqualTo(111);
                    assertThat(e.stage()).isEqualTo("connect");
                });
    }

    @Test
    void outboundUnknownHostMapsToDnsErrno() {
        assertThatThrownBy(() -> dialer.dial(new DialSpec("no-such-host.invalid", 7, null, null, null, null))
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(DialException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EAI_FAIL);
                    assertThat(e.stage()).isEqualTo("resolve");
                });
    }

    @Test
    void outboundTimeoutMapsToErrno110() throws Exception {
        // A listener that never accepts, with its backlog filled: further SYNs are dropped on loopback.
        try (ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 200);
                        fillers.add(f);
                    } catch (IOException e) {
                        f.close();
                        break;
                    }
                }
                assertThatThrownBy(() -> dialer.dial(new DialSpec("127.0.0.1", full.getLocalPort(), null, null,
                        Duration.ofMillis(300), null)).get(5, TimeUnit.SECONDS))
                        .cause().isInstanceOfSatisfying(DialException.class,
                                e -> assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT));
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void outboundReconnectsWithBackoffAfterDrops() throws Exception {
        int port;
        try (ServerSocket tmp = new ServerSocket(0)) {
            port = tmp.getLocalPort();
        }
        DialSpec.ReconnectPolicy policy = new DialSpec.ReconnectPolicy(Duration.ofMillis(100), Duration.ofMillis(400),
                2.0, 0.2, 0);
        ModuleSession s = dialer.dial(new DialSpec("127.0.0.1", port, "redialer", null, Duration.ofSeconds(1), policy))
                .get(5, TimeUnit.SECONDS);
        assertThat(s.state()).isIn(SessionState.BACKOFF, SessionState.RESOLVING, SessionState.CONNECTING);
        assertThat(s.errno()).isEqualTo(Errno.ECONNREFUSED);
        Await.until("a few attempts", () -> s.connectAttempts() >= 3);
        try (ServerSocket module = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
            Socket accepted = module.accept();
            Await.until("open", s::isOpen);
            int attempts = s.connectAttempts();
            accepted.close(); // the module drops the connection: the gateway redials
            Socket again = module.accept();
            Await.until("open again", s::isOpen);
            assertThat(s.connectAttempts()).isGreaterThan(attempts);
            s.close(CloseReason.CLOSED_BY_API);
            Await.until("closed", s::isClosed);
            again.close();
        }
        assertThat(s.closeReason()).isEqualTo(CloseReason.CLOSED_BY_API);
    }

    @Test
    void backoffDelaysGrowAndAreJittered() {
        DialSpec.ReconnectPolicy p = new DialSpec.ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5, 5);
        java.util.random.RandomGenerator r = new java.util.Random(42);
        Set<Long> firsts = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            long d = p.delayMillis(1, r);
            assertThat(d).isBetween(50L, 150L);
            firsts.add(d);
        }
        assertThat(firsts.size()).isGreaterThan(20);
        assertThat(p.delayMillis(4, r)).isBetween(400L, 1200L);
        assertThat(p.delayMillis(30, r)).isBetween(5000L, 15000L);
        assertThat(p.allows(4)).isTrue();
        assertThat(p.allows(5)).isFalse();
    }
}
