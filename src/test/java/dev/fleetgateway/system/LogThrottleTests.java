package dev.fleetgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** A storm of log lines is capped per window, and the next line let through says how many were held back. */
class LogThrottleTests {

    private final Logger logger = (Logger) LoggerFactory.getLogger("test.log-throttle");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(null);
    }

    @Test
    void capsAStormAtTheLinesOfOneWindowAndCountsTheRest() {
        LogThrottle throttle = new LogThrottle(logger, 5, Duration.ofSeconds(10), now::get);
        for (int i = 0; i < 1000; i++) {
            throttle.info("Session {} opened", i);
        }
        assertThat(lines.list).hasSize(5).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Session 0 opened", "Session 1 opened", "Session 2 opened", "Session 3 opened",
                        "Session 4 opened");
        assertThat(throttle.suppressed()).isEqualTo(995);

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        throttle.info("Session {} closed", 7);
        assertThat(lines.list).hasSize(6);
        assertThat(lines.list.get(5).getFormattedMessage()).isEqualTo("Session 7 closed [995 similar lines suppressed]");
        assertThat(lines.list.get(5).getLevel()).isEqualTo(Level.INFO);
        assertThat(throttle.suppressed()).isZero();
    }

    @Test
    void warningsPassOncePerHalfMinuteByDefaultAndKeepTheirException() {
        LogThrottle throttle = new LogThrottle(logger, 1, Duration.ofSeconds(30), now::get);
        IllegalStateException boom = new IllegalStateException("boom");
        throttle.warn("Write failed: {}", "disk", boom);
        throttle.warn("Write failed: {}", "disk", boom);
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        throttle.warn("Write failed: {}", "disk", boom);
        assertThat(lines.list).hasSize(1);

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        throttle.warn("Write failed: {}", "disk", boom);
        assertThat(lines.list).hasSize(2);
        ILoggingEvent second = lines.list.get(1);
        assertThat(second.getFormattedMessage()).isEqualTo("Write failed: disk [2 similar lines suppressed]");
        assertThat(second.getThrowableProxy().getMessage()).isEqualTo("boom");
    }

    @Test
    void aLevelThatIsOffCountsNothing() {
        logger.setLevel(Level.WARN);
        LogThrottle throttle = new LogThrottle(logger, 1, Duration.ofSeconds(10), now::get);
        for (int i = 0; i < 10; i++) {
            throttle.info("quiet {}", i);
        }
        assertThat(lines.list).isEmpty();
        assertThat(throttle.suppressed()).isZero();
    }
}
