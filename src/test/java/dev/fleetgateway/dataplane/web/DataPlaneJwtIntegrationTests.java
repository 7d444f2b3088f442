package dev.fleetgateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * JWTs on the data-plane port: with a decoder configured (here one built from a key pair made by the test, no
 * network), the data-plane port takes the tokens the REST port takes, with the same roles from the same claim, and
 * refuses the same ones with the same problems.
 */
class DataPlaneJwtIntegrationTests {

    private static RSAKey key;
    private static RSAKey stranger;
    private static ConfigurableApplicationContext app;
    private static int restPort;
    private static int planePort;

    @BeforeAll
    static void start() throws Exception {
        key = rsa("test");
        stranger = rsa("stranger");
        JwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
        app = new SpringApplicationBuilder(FleetGatewayApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("testJwtDecoder", decoder))
                .run("--server.port=0", "--gateway.data-plane.enabled=true", "--gateway.data-plane.port=0",
                        "--gateway.data-plane.bind-address=127.0.0.1");
        restPort = ((WebServerApplicationContext) app).getWebServer().getPort();
        planePort = app.getBean(DataPlaneServer.class).localPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static RSAKey rsa(String id) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                .keyID(id).build();
    }

    private static String token(RSAKey signer, String subject, Object roles, Instant expires) {
        var encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signer)));
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(subject).issuedAt(expires.minusSeconds(600))
                .expiresAt(expires).claim("roles", roles).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    @Test
    void acceptsTheRestPortsTokensWithTheirRoles() throws Exception {
        String sender = token(key, "dispatcher", List.of("send", "read"), Instant.now().plusSeconds(600));
        int modulePort = app.getBean(ModuleServer.class).localPort();
        try (ModuleClient module = ModuleClient.hello(modulePort, "dp-jwt-1")) {
            Http plane = new Http(planePort, sender);
            Http rest = new Http(restPort, sender);
            Await.until("dp-jwt-1 identified", () -> plane.get("/api/v1/modules/dp-jwt-1/recv").status() == 408);
            Http.Response viaPlane = plane.post("/api/v1/modules/dp-jwt-1/send", "{\"data\":\"jwt\"}");
            assertThat(viaPlane.status()).as(viaPlane.body()).isEqualTo(200);
            assertThat(new String(module.recvExactly(3), StandardCharsets.UTF_8)).isEqualTo("jwt");
            Http.Response viaRest = rest.post("/api/v1/modules/dp-jwt-1/send", "{\"data\":\"jwt\"}");
            module.recvExactly(3);
            assertThat(viaPlane.json()).isEqualTo(viaRest.json());
        }
    }

    @Test
    void refusesATokenWithoutTheRoleAsRestDoes() {
        String reader = token(key, "viewer", "read", Instant.now().plusSeconds(600));
        Http.Response viaPlane = new Http(planePort, reader).post("/api/v1/modules/any/send", "{\"data\":\"x\"}");
        assertThat(viaPlane.status()).isEqualTo(403);
        assertThat(viaPlane.json().get("detail").asString()).contains("'jwt:viewer' has read");
        assertThat(viaPlane.json()).isEqualTo(new Http(restPort, reader).post("/api/v1/modules/any/send",
                "{\"data\":\"x\"}").json());
    }

    @Test
    void refusesExpiredAndForeignTokensAsRestDoes() {
        for (String bad : List.of(token(key, "late", List.of("send"), Instant.now().minusSeconds(3600)),
                token(stranger, "mallory", List.of("send"), Instant.now().plusSeconds(600)))) {
            Http.Response viaPlane = new Http(planePort, bad).post("/api/v1/modules/any/send", "{\"data\":\"x\"}");
            assertThat(viaPlane.status()).isEqualTo(401);
            assertThat(viaPlane.json()).isEqualTo(new Http(restPort, bad).post("/api/v1/modules/any/send",
                    "{\"data\":\"x\"}").json());
        }
    }
}
