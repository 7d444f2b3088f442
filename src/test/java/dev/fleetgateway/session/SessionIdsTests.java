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
}
