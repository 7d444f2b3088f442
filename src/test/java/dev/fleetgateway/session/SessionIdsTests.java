package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SessionIdsTests {

    @Test
    void sessionIdsAreVersionFourUuidsInCanonicalForm() {
        for (int i = 0; i < 1_000; i++) {
            String id = SessionIds.next(null);
            UUID u = UUID.fromString(id);
            assertThat(u.toString()).as("canonical lowercase text").isEqualTo(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
        }
    }

    @Test
    void aTaggedIdStartsWithItsTagAndStaysAUuid() {
        String id = SessionIds.next("0a1b2c3d");
        assertThat(id).startsWith("0a1b2c3d-").hasSize(36);
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(LocalReplica.ALONE.newSessionId())).isTrue();
        }
    }

    @Test
    void anIdIsKeptAsItsBitsAndRendersToTheSameText() {
        for (int i = 0; i < 1_000; i++) {
            String id = SessionIds.next(i % 2 == 0 ? null : "0a1b2c3d");
            Object key = SessionId.keyOf(id);
            assertThat(key).isInstanceOf(SessionId.class);
            assertThat(key.toString()).isEqualTo(id);
            assertThat(SessionId.keyOf(new String(id))).isEqualTo(key).hasSameHashCodeAs(key);
        }
    }

    @Test
    void textThatIsNotACanonicalIdStaysTextAndMatchesNoIssuedId() {
        String id = SessionIds.next(null);

        assertThat(SessionId.keyOf("not-a-session")).isEqualTo("not-a-session");
        assertThat(SessionId.keyOf(id.toUpperCase())).isEqualTo(id.toUpperCase()).isNotEqualTo(SessionId.keyOf(id));
        assertThat(SessionId.keyOf(id.replace('-', '_'))).isInstanceOf(String.class);
        assertThat(SessionId.keyOf(null)).isNull();
    }
}
