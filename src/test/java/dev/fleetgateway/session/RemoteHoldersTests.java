package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.module.ModuleCredentials.Proof;
import dev.fleetgateway.module.RegistryProperties;
import dev.fleetgateway.session.codec.HelloHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The port through which keys held on other replicas count for the duplicate policy. */
class RemoteHoldersTests extends IdentificationFixture {

    final RemoteHolders heldElsewhere = key -> key.equals("on-b");

    RemoteHoldersTests() {
        when(credentials.check(anyString(), any(), any(), any())).thenReturn(Proof.NOT_REQUIRED);
    }

    Identification identification(RemoteHolders remote, boolean reject) {
        return new Identification(registry, credentials, known,
                registryProperties(RegistryProperties.UnknownModules.REGISTER), meters, remote, reject);
    }

    @Test
    void aGatewayAloneKnowsOfNoKeyHeldElsewhere() {
        assertThat(RemoteHolders.NONE.heldElsewhere("866327040123456")).isFalse();
        assertThat(RemoteHolders.NONE.heldElsewhere(null)).isFalse();
    }

    @Test
    void underRejectAKeyHeldOnAnotherReplicaIsRefusedAsADuplicateBeforeTheLocalTable() {
        Identification id = identification(heldElsewhere, true);

        assertThat(id.identified(ctx, new HelloHandler.Hello("on-b", null, null, null))).isFalse();
        verify(registry, never()).bind(any(), anyString());
        verify(session).close(CloseReason.DUPLICATE_REJECTED);
        assertThat(refused("duplicate_key")).isEqualTo(1);
        assertThat(id.identified(ctx, new HelloHandler.Hello("free-1", null, null, null))).isTrue();
        verify(registry).bind(session, "free-1");
    }

    @Test
    void underReplaceAKeyHeldElsewhereIsTakenAndTheClusterClosesTheOlderSession() {
        Identification id = identification(heldElsewhere, false);

        assertThat(id.identified(ctx, new HelloHandler.Hello("on-b", null, null, null))).isTrue();
        verify(registry).bind(session, "on-b");
    }

    @Test
    void theLoserOfARaceIsClosedAndCountedAsALocalDuplicate() {
        RemoteConflicts conflicts = new RemoteConflicts(meters, props(SessionProperties.DuplicatePolicy.REJECT));
        identification(RemoteHolders.NONE, true); // registers the same meter first, as in the application

        conflicts.lostToEarlierHolder(session, "replica-a");

        verify(session).close(CloseReason.DUPLICATE_REJECTED);
        assertThat(refused("duplicate_key")).isEqualTo(1);
        assertThat(conflicts.firstHolderKeeps()).isTrue();
        assertThat(new RemoteConflicts(new SimpleMeterRegistry(), props(SessionProperties.DuplicatePolicy.REPLACE))
                .firstHolderKeeps()).isFalse();
    }

    private static SessionProperties props(SessionProperties.DuplicatePolicy policy) {
        SessionProperties p = mock(SessionProperties.class);
        when(p.duplicateKey()).thenReturn(policy);
        return p;
    }
}
