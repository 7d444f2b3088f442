package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.usocket.NameResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.NetUtil;
import tools.jackson.databind.JsonNode;

/**
 * The default outbound policy (loopback refused), with one loopback address allowed for a listener of the test's
 * own. Names resolve through a stub, so a name can point at a private or link-local address while every packet
 * this test sends stays on 127.0.0.0/8: refused destinations are asserted to leave no session and no connect.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.outbound.allow=127.0.0.2")
class OutboundPolicyIntegrationTests {

    static final InetAddress ALLOWED = address("127.0.0.2");

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    MeterRegistry meters;

    @MockitoBean
    NameResolver resolver;

    /** What the stub resolver answers per name; literals answer themselves. */
    final Map<String, String> names = new ConcurrentHashMap<>();

    ServerSocket allowedListener;
    ServerSocket refusedListener;

    @BeforeEach
    void stubResolverAndListen() throws IOException {
        names.put("evil.example", "10.0.0.5");
        names.put("metadata.example", "169.254.169.254");
        names.put("loop.example", "127.0.0.1");
        names.put("v6-private.example", "fd00::5");
        names.put("allowed.example", "127.0.0.2");
        when(resolver.getaddrinfo(anyString(), anyInt(), any())).thenAnswer(call -> {
            String host = call.getArgument(0);
            byte[] ip = NetUtil.createByteArrayFromIpAddressString(names.getOrDefault(host, host));
            return CompletableFuture.completedFuture(
                    new InetSocketAddress(InetAddress.getByAddress(host, ip), (int) call.getArgument(1)));
        });
        allowedListener = new ServerSocket(0, 50, ALLOWED);
        refusedListener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        refusedListener.setSoTimeout(200);
    }

    @AfterEach
    void closeListeners() throws IOException {
        allowedListener.close();
        refusedListener.close();
    }

    @Test
    void refusesLoopbackPrivateLinkLocalAndOwnPortsBeforeAnyConnect() throws IOException {
        Http http = new Http(httpPort);
        long sessionsBefore = outboundSessions();
        long connectsBefore = connects();
        assertRefused(http, "127.0.0.1", refusedListener.getLocalPort(), "loopback", "127.0.0.1");
        assertRefused(http, "10.0.0.5", 80, "private", "10.0.0.5");
        assertRefused(http, "169.254.169.254", 80, "link-local", "169.254.169.254");
        assertRefused(http, "::ffff:192.168.1.1", 502, "private", "192.168.1.1");
        assertRefused(http, "evil.example", 80, "private", "evil.example resolved to 10.0.0.5 port 80");
        assertRefused(http, "metadata.example", 80, "link-local", "metadata.example resolved to 169.254.169.254");
        assertRefused(http, "loop.example", refusedListener.getLocalPort(), "loopback", "loop.example resolved to 127.0.0.1");
        assertRefused(http, "v6-private.example", 80, "private", "fd00:0:0:0:0:0:0:5");
        // 127.0.0.2 is allowed, but not this gateway's own ports on it: only an entry naming the port opens those
        assertRefused(http, "127.0.0.2", httpPort, "own-port", "127.0.0.2 port " + httpPort);
        assertRefused(http, "allowed.example", server.localPort(), "own-port", "allowed.example resolved to 127.0.0.2");
        assertThat(outboundSessions()).as("no session was created").isEqualTo(sessionsBefore);
        assertThat(connects()).as("no connect was made").isEqualTo(connectsBefore);
        assertThatThrownBy(refusedListener::accept).as("the refused loopback listener saw nothing")
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void anAllowedLoopbackTargetWorksEndToEnd() throws IOException {
        Http http = new Http(httpPort);
        Http.Response r = http.post("/api/v1/sessions",
                "{\"host\":\"allowed.example\",\"port\":" + allowedListener.getLocalPort() + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asString();
        try (Socket accepted = allowedListener.accept()) {
            assertThat(accepted.getLocalAddress()).isEqualTo(ALLOWED);
            accepted.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
            Http.Response recv = http.get("/api/v1/sessions/" + id + "/recv?timeout=5s&encoding=text");
            assertThat(recv.json().get("data").asString()).isEqualTo("hi");
        } finally {
            http.delete("/api/v1/sessions/" + id);
        }
    }

    @Test
    void aRedialIsJudgedAgainWhenTheNameNowPointsElsewhere() throws Exception {
        names.put("moving.example", "127.0.0.2");
        Http http = new Http(httpPort);
        Http.Response r = http.post("/api/v1/sessions", "{\"host\":\"moving.example\",\"port\":"
                + allowedListener.getLocalPort() + ",\"reconnect\":{\"minDelay\":\"100ms\",\"maxDelay\":\"100ms\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ModuleSession s = registry.find(r.json().get("id").asString()).orElseThrow();
        try (Socket accepted = allowedListener.accept()) {
            Await.until("open", s::isOpen);
            long connects = connects();
            names.put("moving.example", "10.0.0.5"); // DNS rebinding: the same name now points inside
            accepted.close();
            Await.until("closed", s::isClosed);
            assertThat(s.closeReason()).isEqualTo(CloseReason.CONNECT_FAILED);
            assertThat(s.errno()).hasToString("EACCES");
            assertThat(connects()).as("the redial made no connect").isEqualTo(connects);
        }
    }

    @Test
    void aDialTakesALiveModulesKeyOnlyWhenItAsksToReplaceIt() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "866327040009001")) {
            Await.until("identified", () -> registry.findByModuleKey("866327040009001").isPresent());
            ModuleSession live = registry.findByModuleKey("866327040009001").orElseThrow();
            String target = "\"host\":\"127.0.0.2\",\"port\":" + allowedListener.getLocalPort()
                    + ",\"moduleKey\":\"866327040009001\"";

            Http.Response taken = http.post("/api/v1/sessions", "{" + target + "}");
            assertThat(taken.status()).as(taken.body()).isEqualTo(409);
            assertThat(taken.body()).contains("replace");

            Http.Response refused = http.post("/api/v1/sessions",
                    "{\"host\":\"evil.example\",\"port\":80,\"moduleKey\":\"866327040009001\",\"replace\":true}");
            assertThat(refused.status()).as("a refused destination replaces nothing").isEqualTo(403);
            assertThat(live.isOpen()).isTrue();
            assertThat(module.closedByServer(200)).isFalse();

            Http.Response replaced = http.post("/api/v1/sessions", "{" + target + ",\"replace\":true}");
            assertThat(replaced.status()).as(replaced.body()).isEqualTo(201);
            try (Socket accepted = allowedListener.accept()) {
                Await.until("replaced", live::isClosed);
                assertThat(live.closeReason()).isEqualTo(CloseReason.REPLACED);
                assertThat(registry.findByModuleKey("866327040009001").orElseThrow().id())
                        .isEqualTo(replaced.json().get("id").asString());
                http.delete("/api/v1/sessions/" + replaced.json().get("id").asString());
            }
        }
    }

    @Test
    void simulatorFleetsGoThroughThePolicyButTheirDefaultTargetStaysAllowed() {
        Http http = new Http(httpPort);
        int fleetsBefore = http.get("/api/v1/simulator/fleets").json().size();
        Http.Response refused = http.post("/api/v1/simulator/fleets",
                "{\"count\":3,\"host\":\"evil.example\",\"port\":7700,\"profiles\":[],\"hello\":false}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().get("type").asString()).endsWith("/outbound-refused");
        Http.Response ownHttp = http.post("/api/v1/simulator/fleets",
                "{\"count\":1,\"host\":\"127.0.0.2\",\"port\":" + httpPort + ",\"profiles\":[]}");
        assertThat(ownHttp.status()).as(ownHttp.body()).isEqualTo(403);
        assertThat(http.get("/api/v1/simulator/fleets").json().size()).isEqualTo(fleetsBefore);

        Http.Response byDefault = http.post("/api/v1/simulator/fleets", "{\"count\":1,\"profiles\":[\"ECHO\"]}");
        assertThat(byDefault.status()).as(byDefault.body()).isEqualTo(201);
        String fleet = "/api/v1/simulator/fleets/" + byDefault.json().get("id").asString();
        try {
            Await.until("the default target (this gateway's module port) is dialled",
                    () -> http.get(fleet).json().get("stats").get("connected").asInt() == 1);
        } finally {
            http.delete(fleet);
        }
    }

    @Test
    void aVirtualModuleIsJudgedAgainAtEachDial() throws IOException {
        names.put("moving-fleet.example", "127.0.0.2");
        Http http = new Http(httpPort);
        Http.Response created = http.post("/api/v1/simulator/fleets", "{\"count\":1,\"host\":\"moving-fleet.example\","
                + "\"port\":" + allowedListener.getLocalPort() + ",\"profiles\":[],\"hello\":false}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String fleet = "/api/v1/simulator/fleets/" + created.json().get("id").asString();
        try {
            names.put("moving-fleet.example", "10.0.0.5");
            Http.Response refused = http.post(fleet + "/modules/0/connect", "");
            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.json().get("rule").asString()).isEqualTo("private");
            assertThat(http.get(fleet + "/modules/0").json().get("lastErrno").asInt()).as("EACCES").isEqualTo(13);

            names.put("moving-fleet.example", "127.0.0.2");
            Http.Response connected = http.post(fleet + "/modules/0/connect", "");
            assertThat(connected.status()).as(connected.body()).isEqualTo(200);
            allowedListener.accept().close();
        } finally {
            http.delete(fleet);
        }
    }

    private void assertRefused(Http http, String host, int port, String rule, String detail) {
        Http.Response r = http.post("/api/v1/sessions", "{\"host\":\"" + host + "\",\"port\":" + port + "}");
        assertThat(r.status()).as(host + ": " + r.body()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asString()).endsWith("/outbound-refused");
        assertThat(p.get("rule").asString()).isEqualTo(rule);
        assertThat(p.get("detail").asString()).contains(detail);
        assertThat(p.has("errno")).as("no errno: a refusal says nothing about the port").isFalse();
    }

    private long outboundSessions() {
        return registry.all().stream().filter(s -> s.direction() == Direction.OUTBOUND).count();
    }

    private long connects() {
        return meters.get("fleet.outbound.connect").timer().count();
    }

    private static InetAddress address(String ip) {
        return NetUtil.createInetAddressFromIpAddressString(ip);
    }
}
