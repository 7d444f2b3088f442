package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code unknown-modules: ACCEPT}: strangers may talk but never become permanent modules. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.registry.unknown-modules=ACCEPT")
class UnknownModulesAcceptIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    MeterRegistry meters;

    @Test
    void acceptsAStrangerWithoutRegisteringIt() throws Exception {
        Http http = new Http(httpPort);
        try (ModuleClient stranger = ModuleClient.hello(server.localPort(), "passer-by-1")) {
            stranger.send("hi");
            Await.until("identified and its data in", () -> sessions.findByModuleKey("passer-by-1")
                    .map(s -> s.stats().framesIn() == 1).orElse(false));
            // The hello queued its registry write before the frame was read: once nothing waits, it is decided.
            Await.until("registry writes settled", () -> meters.get("fleet.registry.pending").gauge().value() == 0);
            assertThat(http.get("/api/v1/modules/passer-by-1").status()).isEqualTo(404);
        }
    }

    @Test
    void anonymousSessionsStayPossibleAndTakeNoKey() throws Exception {
        try (ModuleClient seed = new ModuleClient(server.localPort())) {
            seed.send("1234567890\r\n");
            int port = seed.socket().getLocalPort();
            Await.until("anonymous session got its data", () -> sessions.all().stream()
                    .anyMatch(s -> !s.isClosed() && s.remoteAddress() != null
                            && s.remoteAddress().endsWith(":" + port) && s.stats().framesIn() == 1));
            assertThat(sessions.all().stream().filter(s -> !s.isClosed() && s.remoteAddress() != null
                    && s.remoteAddress().endsWith(":" + port)).findFirst().orElseThrow().moduleKey()).isNull();
        }
    }

    @Test
    void aRegisteredModuleStillHasItsLastSeenRefreshed() throws Exception {
        Http http = new Http(httpPort);
        assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"known-2\"}").status()).isEqualTo(201);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "known-2")) {
            Await.until("identified", () -> sessions.findByModuleKey("known-2").isPresent());
        }
        Await.until("last seen", () -> !http.get("/api/v1/modules/known-2").json().get("lastSeenAt").isNull());
    }
}
