package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Module credentials end to end, with the challenge on (every session is sent a nonce first): a hijacker
 * with a credentialed key gets nowhere, token and challenge-response hellos both identify, a revoked token
 * is refused, provisioned hashes work, and every refusal is counted by reason.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.modules.hello.challenge=true")
class ModuleCredentialsIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    MeterRegistry meters;

    /** Connects and reads the challenge line the gateway sends first; returns the nonce. */
    static String nonceOf(ModuleClient c) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            byte[] b = c.recv(1);
            if (b.length == 0) {
                throw new IOException("EOF before the nonce line");
            }
            if (b[0] == '\n') {
                break;
            }
            line.write(b[0]);
        }
        String s = line.toString(StandardCharsets.US_ASCII).trim();
        assertThat(s).startsWith("NONCE:");
        return s.substring("NONCE:".length());
    }

    /** What a module computes: HMAC-SHA256 keyed with SHA-256(token) over the nonce text. */
    static String hmac(String token, String nonce) throws Exception {
        byte[] key = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
    }

    static ModuleClient connect(int port) throws IOException {
        ModuleClient c = new ModuleClient(port);
        nonceOf(c);
        return c;
    }

    String register(Http http, String key) {
        assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"" + key + "\"}").status()).isEqualTo(201);
        Http.Response issued = http.post("/api/v1/modules/" + key + "/credentials", "{}");
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.json().get("hello").asString()).startsWith("IMEI:" + key + ";TOKEN:");
        return issued.json().get("token").asString();
    }

    double refused(String reason) {
        return meters.get("fleet.sessions.identity.refused").tag("reason", reason).counter().count();
    }

    ModuleSession live(String key) {
        Await.until("session of " + key, () -> sessions.findByModuleKey(key).isPresent());
        return sessions.findByModuleKey(key).orElseThrow();
    }

    @Test
    void aHijackWithACredentialedKeyFailsWhileTheRealSessionStaysOpenAndKeepsItsDownlinks() throws Exception {
        Http http = new Http(httpPort);
        String token = register(http, "valve-7");
        double missing = refused("credential_missing");
        double wrong = refused("credential_wrong");

        try (ModuleClient real = connect(server.localPort())) {
            real.send("IMEI:valve-7;TOKEN:" + token + "\r\n");
            ModuleSession realSession = live("valve-7");

            try (ModuleClient plain = connect(server.localPort());
                    ModuleClient guessing = connect(server.localPort())) {
                plain.send("IMEI:valve-7\r\nfake-uplink");
                guessing.send("IMEI:valve-7;TOKEN:" + "A".repeat(43) + "\r\nfake-uplink");
                assertThat(plain.closedByServer(5_000)).isTrue();
                assertThat(guessing.closedByServer(5_000)).isTrue();
            }

            assertThat(realSession.isClosed()).isFalse();
            assertThat(sessions.findByModuleKey("valve-7")).containsSame(realSession);
            assertThat(refused("credential_missing")).isEqualTo(missing + 1);
            assertThat(refused("credential_wrong")).isEqualTo(wrong + 1);
            assertThat(realSession.stats().framesIn()).isZero();

            assertThat(http.post("/api/v1/modules/valve-7/send", "{\"data\":\"open-valve-7\"}").status())
                    .isEqualTo(200);
            assertThat(new String(real.recvExactly(12), StandardCharsets.UTF_8)).isEqualTo("open-valve-7");
        }
    }

    @Test
    void aChallengeResponseHelloIdentifiesWithoutSendingTheToken() throws Exception {
        Http http = new Http(httpPort);
        String token = register(http, "hmac-1");
        try (ModuleClient module = new ModuleClient(server.localPort())) {
            String nonce = nonceOf(module);
            module.send("IMEI:hmac-1;HMAC:" + hmac(token, nonce) + "\r\n");
            assertThat(live("hmac-1").isClosed()).isFalse();
        }
    }

    @Test
    void anHmacOfAnotherNonceIsRefused() throws Exception {
        Http http = new Http(httpPort);
        String token = register(http, "hmac-2");
        double wrong = refused("credential_wrong");
        try (ModuleClient replay = new ModuleClient(server.localPort())) {
            nonceOf(replay);
            replay.send("IMEI:hmac-2;HMAC:" + hmac(token, "00112233445566778899aabbccddeeff") + "\r\n");
            assertThat(replay.closedByServer(5_000)).isTrue();
        }
        assertThat(refused("credential_wrong")).isEqualTo(wrong + 1);
        assertThat(sessions.findByModuleKey("hmac-2")).isEmpty();
    }

    @Test
    void aRevokedTokenIsRefusedAndTheListingShowsNoSecret() throws Exception {
        Http http = new Http(httpPort);
        String token = register(http, "rot-1");
        try (ModuleClient first = connect(server.localPort())) {
            first.send("IMEI:rot-1;TOKEN:" + token + "\r\n");
            live("rot-1");
        }
        JsonNode listed = http.get("/api/v1/modules/rot-1/credentials").json();
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).has("token")).isFalse();
        assertThat(listed.toString()).doesNotContain(token);
        assertThat(listed.get(0).get("lastUsedAt").isNull()).isFalse();
        String id = listed.get(0).get("id").asString();

        Http.Response revoked = http.delete("/api/v1/modules/rot-1/credentials/" + id);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revoked").asBoolean()).isTrue();
        String next = http.post("/api/v1/modules/rot-1/credentials", "{}").json().get("token").asString();

        double before = refused("credential_revoked");
        try (ModuleClient old = connect(server.localPort())) {
            old.send("IMEI:rot-1;TOKEN:" + token + "\r\n");
            assertThat(old.closedByServer(5_000)).isTrue();
        }
        assertThat(refused("credential_revoked")).isEqualTo(before + 1);
        try (ModuleClient rotated = connect(server.localPort())) {
            rotated.send("IMEI:rot-1;TOKEN:" + next + "\r\n");
            Await.until("rotated token identifies", () -> sessions.findByModuleKey("rot-1")
                    .map(s -> !s.isClosed()).orElse(false));
        }
    }

    @Test
    void aProvisionedHashLetsAnUnregisteredModuleProveItsToken() throws Exception {
        Http http = new Http(httpPort);
        String token = "factory-flashed-token-0123456789abcdef";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
        Http.Response provisioned = http.post("/api/v1/modules/credentials/provision",
                "{\"credentials\":[{\"moduleKey\":\"fab-1\",\"sha256\":\"" + sha + "\"},"
                        + "{\"moduleKey\":\"fab-1\",\"sha256\":\"" + sha + "\"}]}");
        assertThat(provisioned.status()).isEqualTo(200);
        assertThat(provisioned.json().get("added").asInt()).isEqualTo(1);

        try (ModuleClient stranger = connect(server.localPort())) {
            stranger.send("IMEI:fab-1\r\n");
            assertThat(stranger.closedByServer(5_000)).isTrue();
        }
        try (ModuleClient module = connect(server.localPort())) {
            module.send("IMEI:fab-1;TOKEN:" + token + "\r\n");
            assertThat(live("fab-1").isClosed()).isFalse();
        }
        assertThat(http.get("/api/v1/modules/fab-1/credentials").json().size()).isEqualTo(1);
    }

    @Test
    void aModuleWithoutCredentialKeepsTheOldHello() throws Exception {
        try (ModuleClient module = connect(server.localPort())) {
            module.send("IMEI:plain-1\r\n");
            assertThat(live("plain-1").isClosed()).isFalse();
        }
    }

    @Test
    void credentialsAreBoundedPerModuleAndProvisioningValidatesHashes() {
        Http http = new Http(httpPort);
        register(http, "many-1");
        for (int i = 1; i < 5; i++) {
            assertThat(http.post("/api/v1/modules/many-1/credentials", "{}").status()).isEqualTo(201);
        }
        assertThat(http.post("/api/v1/modules/many-1/credentials", "{}").status()).isEqualTo(409);
        assertThat(http.post("/api/v1/modules/credentials/provision",
                "{\"credentials\":[{\"moduleKey\":\"x\",\"sha256\":\"not-a-hash\"}]}").status()).isEqualTo(400);
        assertThat(http.post("/api/v1/modules/nobody/credentials", "{}").status()).isEqualTo(404);
    }
}
