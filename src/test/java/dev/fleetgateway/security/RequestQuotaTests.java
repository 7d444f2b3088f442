package dev.fleetgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The per-key token bucket: a burst, then a wait; a bounded table that drops the least recently seen caller. */
class RequestQuotaTests {

    private static RequestQuota quota(int perSecond, int burst, int tracked) {
        return new RequestQuota(new SecurityProperties(null, 1000, null, null,
                new SecurityProperties.RateLimit(perSecond, burst, tracked), null));
    }

    @Test
    void aCallerOverItsBurstWaitsWhileOthersDoNot() {
        RequestQuota q = quota(1, 3, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(q.take("a")).isZero();
        }
        assertThat(q.take("a")).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(q.take("b")).isZero();
    }

    @Test
    void dropsTheLeastRecentlySeenCallerPastTrackedWhoStartsAgainWithAFullBucket() throws Exception {
        RequestQuota q = quota(1, 2, 2);
        q.take("old");
        q.take("old");
        assertThat(q.take("old")).isPositive();
        Thread.sleep(2);
        q.take("busy");
        q.take("busy");
        Thread.sleep(2);
        assertThat(q.take("busy")).isPositive(); // seen last: kept
        q.take("new"); // the table is full: "old" is dropped
        assertThat(q.trackedCount()).isEqualTo(2);
        assertThat(q.take("busy")).isPositive();
        assertThat(q.take("old")).isZero();
    }
}
