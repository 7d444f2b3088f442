package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code unknown-modules: REJECT}: only registered (or credentialed) modules get in; strangers are counted. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.registry.unknown-modules=REJECT")
class UnknownModulesRejectIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    MeterRegistry meters;

    double refused(String reason) {
        return meters.get("fleet.sessions.identity.refused").tag("reason", reason).counter().count();
    }

    @Test
    void refusesAHelloWithAKeyTheRegistryDoesNotKnowAndRegistersNothing() throws Exception {
        Http http = new Http(httpPort);
        double before = refused("unknown_module");
        for (int i = 0; i < 3; i++) {
            try (ModuleClient stranger = ModuleClient.hello(server.localPort(), "random-" + i)) {
                assertThat(stranger.closedByServer(5_000)).isTrue();
            }
        }
        assertThat(refused("unknown_module")).isEqualTo(before + 3);
        assertThat(http.get("/api/v1/modules/random-0").status()).isEqualTo(404);
        assertThat(sessions.findByModuleKey("random-0")).isEmpty();
    }

    @Test
    void acceptsARegisteredModule() throws Exception {
        Http http = new Http(httpPort);
        assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"known-1\"}").status()).isEqualTo(201);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "known-1")) {
            Await.until("identified", () -> sessions.findByModuleKey("known-1").isPresent());
        }
    }

    @Test
    void refusesAnAnonymousSessionAndDropsItsData() throws Exception {
        double before = refused("anonymous");
        try (ModuleClient seed = new ModuleClient(server.localPort())) {
            seed.send("1234567890\r\n");
            assertThat(seed.closedByServer(5_000)).isTrue();
        }
        assertThat(refused("anonymous")).isEqualTo(before + 1);
    }

    @Test
    void acceptsAnUnregisteredModuleThatProvesAProvisionedCredential() throws Exception {
        Http http = new Http(httpPort);
        String token = "provisioned-token-for-a-new-module-42";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
        assertThat(http.post("/api/v1/modules/credentials/provision",
                "{\"credentials\":[{\"moduleKey\":\"new-1\",\"sha256\":\"" + sha + "\"}]}").status()).isEqualTo(200);
        try (ModuleClient module = new ModuleClient(server.localPort())) {
            module.send("IMEI:new-1;TOKEN:" + token + "\r\n");
            Await.until("identified", () -> sessions.findByModuleKey("new-1").isPresent());
            Await.until("registered", () -> http.get("/api/v1/modules/new-1").status() == 200);
        }
    }
}
