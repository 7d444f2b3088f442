package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;

class KeyIndexTests {

    final KeyIndex index = new KeyIndex();

    static ModuleSession session(SessionState state) {
        ModuleSession s = mock(ModuleSession.class);
        when(s.state()).thenReturn(state);
        when(s.isClosed()).thenReturn(state == SessionState.CLOSED);
        return s;
    }

    @Test
    void aKeyWithOneSessionHasItAsCurrentAndListed() {
        ModuleSession s = session(SessionState.OPEN);
        assertThat(index.claim("k", s)).isNull();
        assertThat(index.current("k")).isSameAs(s);
        assertThat(index.all("k")).containsExactly(s);
        assertThat(index.current("other")).isNull();
        assertThat(index.all("other")).isEmpty();
    }

    @Test
    void claimReplacesTheCurrentSessionAndListsBoth() {
        ModuleSession old = session(SessionState.OPEN);
        ModuleSession fresh = session(SessionState.OPEN);
        index.claim("k", old);
        assertThat(index.claim("k", fresh)).isSameAs(old);
        assertThat(index.current("k")).isSameAs(fresh);
        assertThat(index.all("k")).containsExactly(old, fresh);
    }

    @Test
    void claimIfFreeRefusesWhileAnotherSessionHoldsTheKey() {
        ModuleSession holder = session(SessionState.OPEN);
        ModuleSession closing = session(SessionState.CLOSING);
        ModuleSession late = session(SessionState.OPEN);
        index.claim("k", holder);
        assertThat(index.claimIfFree("k", late)).isFalse();
        assertThat(index.current("k")).isSameAs(holder);
        assertThat(index.all("k")).containsExactly(holder);
        assertThat(index.claimIfFree("k", holder)).as("its own key").isTrue();

        index.claim("c", closing);
        assertThat(index.claimIfFree("c", late)).as("a closing holder lets go").isTrue();
        assertThat(index.current("c")).isSameAs(late);
    }

    @Test
    void aReleasedSessionStaysListedUntilForgotten() {
        ModuleSession s = session(SessionState.OPEN);
        index.claim("k", s);
        index.release("k", s);
        assertThat(index.current("k")).isNull();
        assertThat(index.all("k")).containsExactly(s);
        index.forget("k", s);
        assertThat(index.all("k")).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void releasingAReplacedSessionKeepsTheNewOneCurrent() {
        ModuleSession old = session(SessionState.OPEN);
        ModuleSession fresh = session(SessionState.OPEN);
        index.claim("k", old);
        index.claim("k", fresh);
        index.release("k", old);
        assertThat(index.current("k")).isSameAs(fresh);
        index.forget("k", old);
        assertThat(index.current("k")).isSameAs(fresh);
        assertThat(index.all("k")).containsExactly(fresh);
        assertThat(index.size()).isEqualTo(1);
    }
}
