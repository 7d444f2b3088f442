package dev.fleetgateway.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.module.ModuleCredentials.Proof;
import dev.fleetgateway.system.DatabaseWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The in-memory check of a hello's proof: tokens, HMACs of a nonce, revocation, modules without credentials. */
class ModuleCredentialsTests {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    final ModuleCredentialRepository repository = mock(ModuleCredentialRepository.class);
    final ModuleCredentials credentials = new ModuleCredentials(repository,
            new DatabaseWriter(4, new SimpleMeterRegistry()));

    ModuleCredential stored(String key, String token) {
        return new ModuleCredential(key, Secrets.sha256Hex(token), ModuleCredential.Origin.GENERATED, NOW);
    }

    @Test
    void aModuleWithoutCredentialNeedsNoProof() {
        credentials.afterSingletonsInstantiated();
        assertThat(credentials.check("m-1", null, null, null)).isEqualTo(Proof.NOT_REQUIRED);
        assertThat(credentials.hasCredential("m-1")).isFalse();
    }

    @Test
    void aCredentialLoadedAtStartMustBeProvenByItsToken() {
        String token = Secrets.newToken();
        when(repository.findAll()).thenReturn(List.of(stored("m-1", token)));
        credentials.afterSingletonsInstantiated();

        assertThat(credentials.check("m-1", null, null, null)).isEqualTo(Proof.MISSING);
        assertThat(credentials.check("m-1", token + "x", null, null)).isEqualTo(Proof.WRONG);
        assertThat(credentials.check("m-1", token, null, null)).isEqualTo(Proof.PROVEN);
        assertThat(credentials.check("m-2", token, null, null)).isEqualTo(Proof.NOT_REQUIRED);
    }

    @Test
    void anHmacOfTheSessionsNonceProvesTheTokenWithoutSendingIt() {
        String token = Secrets.newToken();
        credentials.changed("m-1", List.of(stored("m-1", token)));
        String nonce = Secrets.newNonce();
        String answer = Secrets.toHex(Secrets.hmac(Secrets.sha256(token), nonce));

        assertThat(credentials.check("m-1", null, answer, nonce)).isEqualTo(Proof.PROVEN);
        assertThat(credentials.check("m-1", null, answer.toUpperCase(), nonce)).isEqualTo(Proof.PROVEN);
        assertThat(credentials.check("m-1", null, answer, Secrets.newNonce())).isEqualTo(Proof.WRONG);
        assertThat(credentials.check("m-1", null, "zz", nonce)).isEqualTo(Proof.WRONG);
        // An HMAC without a nonce sent (challenge off) proves nothing.
        assertThat(credentials.check("m-1", null, answer, null)).isEqualTo(Proof.MISSING);
    }

    @Test
    void aRevokedTokenIsToldApartWhileAnotherLiveOneStillWorks() {
        String old = Secrets.newToken();
        String current = Secrets.newToken();
        ModuleCredential revoked = stored("m-1", old);
        revoked.revoke(NOW);
        credentials.changed("m-1", List.of(revoked, stored("m-1", current)));

        assertThat(credentials.check("m-1", old, null, null)).isEqualTo(Proof.REVOKED);
        assertThat(credentials.check("m-1", current, null, null)).isEqualTo(Proof.PROVEN);
    }

    @Test
    void revokingTheLastCredentialLocksTheKeyInsteadOfOpeningIt() {
        String token = Secrets.newToken();
        ModuleCredential revoked = stored("m-1", token);
        revoked.revoke(NOW);
        credentials.changed("m-1", List.of(revoked));

        assertThat(credentials.hasCredential("m-1")).isTrue();
        assertThat(credentials.check("m-1", null, null, null)).isEqualTo(Proof.MISSING);
        assertThat(credentials.check("m-1", token, null, null)).isEqualTo(Proof.REVOKED);
    }
}
