package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.module.ModuleCredentials.Proof;
import dev.fleetgateway.module.RegistryProperties;
import dev.fleetgateway.session.codec.HelloHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The decision on a hello: proof before policy before the duplicate policy, and a transport-proven key. */
class IdentificationTests extends IdentificationFixture {

    Identification identification(RegistryProperties.UnknownModules policy) {
        when(known.policy()).thenReturn(policy);
        return new Identification(registry, credentials, known, registryProperties(policy), meters);
    }

    @Test
    void aHelloWithoutTheProofItsKeyNeedsNeverReachesTheLiveSessionTable() {
        when(credentials.check("valve-7", null, null, null)).thenReturn(Proof.MISSING);
        Identification id = identification(RegistryProperties.UnknownModules.REGISTER);

        assertThat(id.identified(ctx, new HelloHandler.Hello("valve-7", null, null, null))).isFalse();
        verify(registry, never()).bind(any(), anyString());
        verify(session).close(CloseReason.IDENTITY_REFUSED);
        assertThat(refused("credential_missing")).isEqualTo(1);
    }

    @Test
    void aPlainHelloLeavesNoProvenKeyAttributeOnTheChannel() {
        when(credentials.check("plain-1", null, null, null)).thenReturn(Proof.NOT_REQUIRED);
        Identification id = identification(RegistryProperties.UnknownModules.REGISTER);

        assertThat(id.identified(ctx, new HelloHandler.Hello("plain-1", null, null, null))).isTrue();
        assertThat(id.anonymous(ctx)).isTrue();
        assertThat(channel.hasAttr(Identification.PROVEN_KEY)).as("no attribute per plain channel").isFalse();
    }

    @Test
    void aProvenCredentialBindsEvenAKeyTheRegistryDoesNotKnow() {
        when(credentials.check("new-1", "t0ken-t0ken-t0ken", null, null)).thenReturn(Proof.PROVEN);
        when(known.isKnown("new-1")).thenReturn(false);
        Identification id = identification(RegistryProperties.UnknownModules.REJECT);

        assertThat(id.identified(ctx, new HelloHandler.Hello("new-1", "t0ken-t0ken-t0ken", null, null))).isTrue();
        verify(registry).bind(session, "new-1");
    }

    @Test
    void aKeyProvenByTheTransportNeedsNoCredentialButTheHelloMustNameIt() {
        Identification id = identification(RegistryProperties.UnknownModules.REGISTER);
        channel.attr(Identification.PROVEN_KEY).set("cert-1");

        assertThat(id.identified(ctx, new HelloHandler.Hello("cert-1", null, null, null))).isTrue();
        verify(credentials, never()).check(anyString(), any(), any(), any());
        assertThat(id.identified(ctx, new HelloHandler.Hello("other-1", null, null, null))).isFalse();
        verify(registry, never()).bind(session, "other-1");
        assertThat(refused("key_mismatch")).isEqualTo(1);
    }

    @Test
    void aProvenChannelIsBoundWithoutAHello() {
        Identification id = identification(RegistryProperties.UnknownModules.REGISTER);
        channel.pipeline().addLast(SessionChannelInitializer.HELLO, new ChannelInboundHandlerAdapter());

        assertThat(id.proven(channel, "cert-2")).isTrue();
        verify(registry).bind(session, "cert-2");
        assertThat(channel.pipeline().get(SessionChannelInitializer.HELLO)).isNull();
        assertThat(channel.attr(Identification.PROVEN_KEY).get()).isEqualTo("cert-2");
    }

    @Test
    void underRejectAStrangerAndAnAnonymousSessionAreRefused() {
        when(credentials.check("random-1", null, null, null)).thenReturn(Proof.NOT_REQUIRED);
        when(known.isKnown("random-1")).thenReturn(false);
        Identification id = identification(RegistryProperties.UnknownModules.REJECT);

        assertThat(id.identified(ctx, new HelloHandler.Hello("random-1", null, null, null))).isFalse();
        assertThat(id.anonymous(ctx)).isFalse();
        assertThat(refused("unknown_module")).isEqualTo(1);
        assertThat(refused("anonymous")).isEqualTo(1);
        verify(registry, never()).anonymous();
    }

    @Test
    void underAcceptAStrangerIsBoundAndAnAnonymousSessionStays() {
        when(credentials.check("random-2", null, null, null)).thenReturn(Proof.NOT_REQUIRED);
        when(known.isKnown("random-2")).thenReturn(false);
        Identification id = identification(RegistryProperties.UnknownModules.ACCEPT);

        assertThat(id.identified(ctx, new HelloHandler.Hello("random-2", null, null, null))).isTrue();
        assertThat(id.anonymous(ctx)).isTrue();
        verify(registry).anonymous();
    }
}
