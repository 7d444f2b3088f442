package dev.fleetgateway.session;

import dev.fleetgateway.system.LogThrottle;
import dev.fleetgateway.usocket.Errno;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One INFO line when a session opens and one when it closes (logger {@code fleet.sessions}), through a
 * {@link LogThrottle}: a connect storm writes {@code gateway.session-log.lines} lines per window and a count of the
 * rest. Runs on the session's event loop, where the events are published; it only formats and hands to the appender.
 */
@Component
class SessionLog implements SessionListener {

    /** The logger's name: one switch for these lines, apart from the code's own loggers. */
    static final String LOGGER = "fleet.sessions";

    private final boolean enabled;
    private final LogThrottle lines;

    SessionLog(SessionLogProperties props) {
        this.enabled = props.enabled();
        this.lines = new LogThrottle(LoggerFactory.getLogger(LOGGER), props.lines(), props.window());
    }

    @Override
    public void onOpened(SessionEvents.Opened event) {
        if (!enabled) {
            return;
        }
        ModuleSession s = event.session();
        lines.info("Session {} opened: module {}, {} {}", s.id(), key(s), direction(s), peer(s));
    }

    @Override
    public void onClosed(SessionEvents.Closed event) {
        if (!enabled) {
            return;
        }
        ModuleSession s = event.session();
        SessionStats st = s.stats();
        Errno errno = event.errno();
        lines.info("Session {} closed: module {}, {} {}, reason {}{}, after {}, {} bytes in, {} bytes out", s.id(),
                key(s), direction(s), peer(s), event.reason(), errno == null ? "" : " (errno " + errno.code() + " "
                        + errno.name() + ")", duration(s), st.bytesIn(), st.bytesOut());
    }

    private static String key(ModuleSession s) {
        return s.moduleKey() == null ? "anonymous" : s.moduleKey();
    }

    private static String direction(ModuleSession s) {
        return s.direction() == Direction.INBOUND ? "inbound from" : "outbound to";
    }

    private static String peer(ModuleSession s) {
        return s.remoteAddress() == null ? "(not connected)" : s.remoteAddress();
    }

    /** Open to close, in seconds with milliseconds; a dial that never connected counts from its creation. */
    static String duration(ModuleSession s) {
        Instant from = s.openedAt() != null ? s.openedAt() : s.createdAt();
        Instant to = s.closedAt() != null ? s.closedAt() : Instant.now();
        long ms = Math.max(0, Duration.between(from, to).toMillis());
        return String.format(java.util.Locale.ROOT, "%d.%03ds", ms / 1000, ms % 1000);
    }
}
