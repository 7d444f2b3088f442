package dev.fleetgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.session.CloseReason;
import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.LocalReplica;

/** Signals survive the trip through a notification payload; session ids name their replica and stay UUIDs. */
class SignalTests {

    @Test
    void carriesPresenceAndEventsFieldByField() {
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);
        Signal p = Signal.parse(Signal.presence("866327040123456", "s-1", "pod-a", Direction.INBOUND, at));
        assertThat(p.kind()).isEqualTo('P');
        assertThat(p.field(0)).isEqualTo("866327040123456");
        assertThat(p.field(2)).isEqualTo("pod-a");
        assertThat(p.enumField(3, Direction.class)).isEqualTo(Direction.INBOUND);
        assertThat(p.instant(4)).isEqualTo(at);

        Signal e = Signal.parse(Signal.event("pod-b", "closed", "s-2", null, Direction.OUTBOUND,
                CloseReason.REPLACED, 104, at));
        assertThat(e.kind()).isEqualTo('E');
        assertThat(e.optional(3)).as("anonymous: no key").isNull();
        assertThat(e.enumField(5, CloseReason.class)).isEqualTo(CloseReason.REPLACED);
        assertThat(e.field(6)).isEqualTo("104");

        assertThat(Signal.parse("not ours")).isNull();
        assertThat(Signal.parse("E|pod-c|opened").optional(3)).as("short payloads read as empty").isNull();
    }

    @Test
    void sessionIdsStartWithTheirReplicasTagAndStayUuids() {
        LocalReplica a = replica("pod-a");
        String id = a.newSessionId();
        assertThat(id).startsWith(ReplicaIdentity.tagOf("pod-a")).hasSize(36);
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(ReplicaIdentity.tagOf("pod-b")).isNotEqualTo(ReplicaIdentity.tagOf("pod-a")).hasSize(8);
        assertThat(LocalReplica.ALONE.newSessionId()).hasSize(36);
    }

    private static LocalReplica replica(String id) {
        return new LocalReplica() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String sessionTag() {
                return ReplicaIdentity.tagOf(id);
            }
        };
    }
}
