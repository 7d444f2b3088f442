package dev.fleetgateway.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.fleetgateway.security.Role;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * Authentication and roles on the whole application: every operation of the OpenAPI document is walked, so no
 * endpoint can be forgotten.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "logging.level.fleet.audit=INFO")
@ExtendWith(OutputCaptureExtension.class)
class ApiAuthenticationIntegrationTests {

    private static final KeyPair ISSUER = rsa();

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One operation of the OpenAPI document, its path variables filled in. */
    private record Op(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Answer(int status, String contentType, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            return Http.parse(body);
        }
    }

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("issuer", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ISSUER.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
        registry.add("gateway.security.jwt.roles-claim", () -> "fleet_roles");
    }

    @Test
    void everyApiOperationAnswers401ProblemWithoutAKey() throws Exception {
        List<Op> ops = operations();
        assertThat(ops).hasSizeGreaterThan(40);
        for (Op op : ops) {
            Answer a = call(op, null);
            assertThat(a.status()).as(op.toString()).isEqualTo(401);
            assertThat(a.contentType()).as(op.toString()).startsWith("application/problem+json");
            assertThat(a.json().get("status").asInt()).isEqualTo(401);
            assertThat(a.headers().get("www-authenticate")).as(op.toString()).isNotEmpty();
        }
        assertThat(call(new Op("GET", "/api/v1/stats"), "fgk_not-a-key").status()).isEqualTo(401);
    }

    @Test
    void eachRoleReachesExactlyItsEndpoints() throws Exception {
        Map<Role, String> keys = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            keys.put(r, create("only-" + r.label(), "[\"" + r.label() + "\"]", null));
        }
        Map<Op, Role> reachedBy = new LinkedHashMap<>();
        for (Op op : operations()) {
            List<Role> through = new ArrayList<>();
            for (Role r : Role.values()) {
                Answer a = call(op, keys.get(r));
                assertThat(a.status()).as(op + " with " + r).isNotEqualTo(401);
                if (a.status() == 403) {
                    assertThat(a.contentType()).startsWith("application/problem+json");
                    assertThat(a.json().get("detail").asString()).as(op.toString()).contains("'only-" + r.label() + "' has " + r.label());
                    reachedBy.putIfAbsent(op, Role.parse(a.json().get("requiredRole").asString()).orElseThrow());
                } else {
                    through.add(r);
                }
            }
            assertThat(through).as(op + " is reached by exactly one role").hasSize(1);
            assertThat(reachedBy.getOrDefault(op, through.get(0))).as(op.toString()).isEqualTo(through.get(0));
            reachedBy.put(op, through.get(0));
        }
        Map<String, Role> expected = Map.ofEntries(
                Map.entry("GET /api/v1/sessions", Role.READ),
                Map.entry("GET /api/v1/modules", Role.READ),
                Map.entry("GET /api/v1/modules/x/messages", Role.READ),
                Map.entry("GET /api/v1/stats", Role.READ),
                Map.entry("GET /api/v1/events", Role.READ),
                Map.entry("POST /api/v1/modules/x/send", Role.SEND),
                Map.entry("GET /api/v1/sessions/x/recv", Role.SEND),
                Map.entry("POST /api/v1/sessions/x/messages/ack", Role.SEND),
                Map.entry("GET /api/v1/modules/x/outbox", Role.SEND),
                Map.entry("POST /api/v1/sessions", Role.OPERATE),
                Map.entry("DELETE /api/v1/sessions/x", Role.OPERATE),
                Map.entry("DELETE /api/v1/modules/x", Role.OPERATE),
                Map.entry("PATCH /api/v1/modules/x", Role.OPERATE),
                Map.entry("POST /api/v1/simulator/fleets", Role.SIMULATE),
                Map.entry("GET /api/v1/simulator/fleets", Role.SIMULATE),
                Map.entry("POST /api/v1/keys", Role.ADMIN),
                Map.entry("GET /api/v1/modules/x/credentials", Role.ADMIN),
                Map.entry("POST /api/v1/modules/credentials/provision", Role.ADMIN));
        Map<String, Role> seen = new LinkedHashMap<>();
        reachedBy.forEach((op, role) -> seen.put(op.toString(), role));
        assertThat(seen).containsAllEntriesOf(expected);
        assertThat(Set.copyOf(seen.values())).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Role.class));
    }

    @Test
    void revokedAndExpiredKeysAreRefusedAndKeysAreListedWithoutSecrets() throws Exception {
        String revoked = create("to-revoke", "[\"read\"]", null);
        Op stats = new Op("GET", "/api/v1/stats");
        assertThat(call(stats, revoked).status()).isEqualTo(200);
        JsonNode listed = admin("GET", "/api/v1/keys", null).json();
        String id = listed.valueStream().filter(k -> k.get("name").asString().equals("to-revoke")).findFirst()
                .orElseThrow().get("id").asString();
        assertThat(listed.toString()).doesNotContain(revoked).doesNotContain(Http.TEST_KEY);
        assertThat(listed.valueStream().filter(k -> k.get("name").asString().equals("to-revoke")).findFirst()
                .orElseThrow().get("lastUsedAt").isNull()).isFalse();

        assertThat(admin("DELETE", "/api/v1/keys/" + id, null).status()).isEqualTo(200);
        assertThat(call(stats, revoked).status()).isEqualTo(401);

        String expiring = create("short-lived", "[\"read\"]", Instant.now().plusSeconds(1));
        assertThat(call(stats, expiring).status()).isIn(200, 401); // 401 only if the second has passed already
        Await.until("key expired", () -> statusOf(stats, expiring) == 401);

        Answer past = admin("POST", "/api/v1/keys", "{\"name\":\"past\",\"roles\":[\"read\"],\"expiresAt\":\""
                + Instant.now().minusSeconds(5) + "\"}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(admin("POST", "/api/v1/keys", "{\"name\":\"bad\",\"roles\":[\"root\"]}").status()).isEqualTo(400);
    }

    @Test
    void aJwtWithTheRolesClaimIsAccepted() throws Exception {
        String reader = jwt("dashboard", List.of("read"));
        Op stats = new Op("GET", "/api/v1/stats");
        assertThat(call(stats, reader).status()).isEqualTo(200);
        Answer denied = call(new Op("POST", "/api/v1/keys"), reader);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.json().get("requiredRole").asString()).isEqualTo("admin");
        assertThat(call(stats, jwt("nobody", List.of())).status()).isEqualTo(403);
        String forged = reader.substring(0, reader.lastIndexOf('.') + 1) + "AAAA";
        assertThat(call(stats, forged).status()).isEqualTo(401);
    }

    @Test
    void auditsStateChangingCallsWithoutPayloadOrSecret(CapturedOutput output) throws Exception {
        String token = create("audited-admin", "[\"admin\",\"operate\"]", null);
        call(new Op("PATCH", "/api/v1/modules/dev-42"), token, "{\"labels\":{\"secret-payload\":\"x\"}}");
        call(new Op("DELETE", "/api/v1/sessions/s-1"), null);
        Await.until("audit lines", () -> output.getOut().contains("module=dev-42")
                && output.getOut().contains("operation=\"DELETE /api/v1/sessions/s-1\""));
        String line = output.getOut().lines().filter(l -> l.contains("module=dev-42")).findFirst().orElseThrow();
        assertThat(line).contains("fleet.audit").contains("key=audited-admin")
                .contains("operation=\"PATCH /api/v1/modules/{idOrKey}\"").contains("outcome=404")
                .doesNotContain("secret-payload").doesNotContain(token);
        assertThat(output.getOut()).contains("key=- operation=\"DELETE /api/v1/sessions/s-1\" module=- outcome=401");
        assertThat(output.getOut()).contains("key=bootstrap-admin operation=\"POST /api/v1/keys\" module=- outcome=201");
        assertThat(output.getOut()).doesNotContain(Http.TEST_KEY + " ").doesNotContain(token);
    }

    @Test
    void springSecurityObservesNothingWhileItsObservationsAreOff(
            @org.springframework.beans.factory.annotation.Autowired
            org.springframework.security.config.observation.SecurityObservationSettings settings) {
        // management.observations.enable.spring.security=false: not even the no-op decorator around each filter
        assertThat(settings.shouldObserveRequests()).isFalse();
        assertThat(settings.shouldObserveAuthentications()).isFalse();
        assertThat(settings.shouldObserveAuthorizations()).isFalse();
    }

    // --- helpers

    private List<Op> operations() throws Exception {
        JsonNode doc = admin("GET", "/v3/api-docs", null).json();
        List<Op> ops = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> {
            if (!path.getKey().startsWith("/api/")) {
                return;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
            path.getValue().properties().forEach(m -> {
                String method = m.getKey().toUpperCase(java.util.Locale.ROOT);
                if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    ops.add(new Op(method, concrete));
                }
            });
        });
        return ops.stream().distinct().toList();
    }

    private String create(String name, String roles, Instant expiresAt) throws Exception {
        Answer a = admin("POST", "/api/v1/keys", "{\"name\":\"" + name + "\",\"roles\":" + roles
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        String token = a.json().get("token").asString();
        assertThat(token).startsWith("fgk_").hasSizeGreaterThan(40);
        return token;
    }

    private Answer admin(String method, String path, String body) throws Exception {
        return call(new Op(method, path), Http.TEST_KEY, body);
    }

    private int statusOf(Op op, String key) {
        try {
            return call(op, key).status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer call(Op op, String key) throws Exception {
        return call(op, key, op.method().equals("GET") || op.method().equals("DELETE") ? null : "");
    }

    // Bodies are empty or minimal, so a call that gets through is refused by validation and changes nothing
    // (a dial needs a host, a fleet a spec). Event streams are closed as soon as their status is known.
    private Answer call(Op op, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + op.path()))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = r.headers().firstValue("Content-Type").orElse("");
        String text;
        try (InputStream in = r.body()) {
            text = type.contains("event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Answer(r.statusCode(), type, text, r.headers().map());
    }

    private static String jwt(String subject, List<String> roles) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject(subject).claim("fleet_roles", roles)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(ISSUER.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
