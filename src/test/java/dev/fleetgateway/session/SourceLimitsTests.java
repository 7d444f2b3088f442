package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The accept decision and the open-file derivation of {@code max-sessions}, without sockets. */
class SourceLimitsTests {

    @Test
    void maxSessionsStaysBelowTheOpenFileLimitWithAReserve() {
        assertThat(OpenFiles.maxSessions(0, 1024, 20_000)).isEqualTo(18_976);
        assertThat(OpenFiles.maxSessions(0, 1024, 1_024)).isEqualTo(512);
        assertThat(OpenFiles.maxSessions(0, 1024, -1)).isEqualTo(OpenFiles.FALLBACK_MAX_SESSIONS);
        assertThat(OpenFiles.maxSessions(50, 1024, 20_000)).isEqualTo(50);
    }

    @Test
    void theProcessLimitIsReadOnThisMachine() {
        assertThat(OpenFiles.limit()).isPositive();
    }

    static SessionProperties.Limits limits(int sourceSessions, int sourceRate, int overallRate) {
        return new SessionProperties.Limits(1024, sourceSessions, sourceRate, overallRate, 20, Duration.ofMinutes(1),
                Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    @Test
    void anOverallConnectRateRefusesEveryAddressOnceSpent() {
        SourceLimits limits = new SourceLimits(limits(0, 100, 2), 1000);
        assertThat(limits.admit("10.0.0.1")).isNull();
        assertThat(limits.admit("10.0.0.2")).isNull();
        assertThat(limits.admit("10.0.0.3")).isEqualTo(Refusal.CONNECT_RATE);
    }

    @Test
    void sessionsPerSourceDefaultToHalfOfMaxSessionsAndAreGivenBackOnClose() {
        SourceLimits limits = new SourceLimits(limits(0, 0, 0), 4);
        assertThat(limits.sourceSessions()).isEqualTo(2);
        assertThat(limits.admit("10.0.0.1")).isNull();
        assertThat(limits.admit("10.0.0.1")).isNull();
        assertThat(limits.admit("10.0.0.1")).isEqualTo(Refusal.SOURCE_SESSIONS);
        assertThat(limits.admit("10.0.0.2")).isNull();
        assertThat(limits.admit("10.0.0.2")).isNull();
        assertThat(limits.admit("10.0.0.3")).isEqualTo(Refusal.MAX_SESSIONS);
        limits.released("10.0.0.1");
        assertThat(limits.admit("10.0.0.1")).isNull();
        limits.released("10.0.0.1");
        limits.released("10.0.0.1");
        limits.released("10.0.0.2");
        limits.released("10.0.0.2");
        limits.forgetQuietSources();
        assertThat(limits.tracked()).isZero();
        assertThat(limits.open()).isZero();
    }

    @Test
    void aSourceIsBackedOffAfterTooManyFailedIdentificationsAndOthersAreNot() {
        SourceLimits limits = new SourceLimits(new SessionProperties.Limits(1024, 0, 0, 0, 3, Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofMinutes(10)), 100);
        ModuleSession failing = mock(ModuleSession.class);
        when(failing.direction()).thenReturn(Direction.INBOUND);
        when(failing.remoteAddress()).thenReturn("10.0.0.9:40000");
        for (int i = 0; i < 3; i++) {
            assertThat(limits.admit("10.0.0.9")).isNull();
            limits.released("10.0.0.9");
            limits.onClosed(new SessionEvents.Closed(failing, CloseReason.HELLO_REJECTED, null));
        }
        assertThat(limits.admit("10.0.0.9")).isEqualTo(Refusal.SOURCE_BACKOFF);
        assertThat(limits.admit("10.0.0.10")).isNull();
        limits.forgetQuietSources();
        assertThat(limits.admit("10.0.0.9")).as("a backed-off source is remembered").isEqualTo(Refusal.SOURCE_BACKOFF);
    }

    @Test
    void theTokenBucketRefillsAtItsRate() {
        RateBucket overall = new RateBucket(3, 0);
        assertThat(overall.tryTake(0)).isTrue();
        assertThat(overall.tryTake(0)).isTrue();
        assertThat(overall.tryTake(0)).isTrue();
        assertThat(overall.tryTake(0)).isFalse();
        assertThat(overall.tryTake(400_000_000L)).isTrue(); // 1.2 tokens refilled
        assertThat(overall.tryTake(400_000_000L)).isFalse();
        assertThat(new RateBucket(0, 0).tryTake(0)).isTrue();
    }
}
