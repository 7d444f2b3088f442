package dev.fleetgateway.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionState;
import dev.fleetgateway.session.SessionStats;
import dev.fleetgateway.session.SessionTotals;

/** The fleet summary served by {@code GET /api/v1/stats}. */
public record FleetStats(Instant at, Sessions sessions, SessionTotals totals, Rates rates, Top top) {

    /** Sessions not yet closed: all of them, and by direction then state. */
    public record Sessions(int live, Map<Direction, Map<SessionState, Integer>> byDirection) {
    }

    /** Per-second rates over {@code windowSeconds} (up to the last minute). */
    record Rates(double windowSeconds, double framesInPerSecond, double framesOutPerSecond,
            double bytesInPerSecond, double bytesOutPerSecond, double connectsPerSecond,
            double disconnectsPerSecond) {
        static final Rates NONE = new Rates(0, 0, 0, 0, 0, 0, 0);
    }

    /** The busiest live sessions: by bytes in plus out, and by bytes waiting in the receive buffer. */
    public record Top(int n, List<Entry> byTraffic, List<Entry> byBufferedBytes) {
    }

    /** One session of a top list with its counters. */
    public record Entry(String sessionId, String moduleKey, Direction direction, SessionState state, String remoteAddress,
            long bytesIn, long bytesOut, long framesIn, long framesOut, long bufferedBytes, int bufferedFrames,
            Instant lastActivityAt) {

        public static Entry of(ModuleSession s, SessionStats st) {
            return new Entry(s.id(), s.moduleKey(), s.direction(), s.state(), s.remoteAddress(), st.bytesIn(),
                    st.bytesOut(), st.framesIn(), st.framesOut(), st.bufferedBytes(), st.bufferedFrames(),
                    st.lastActivityAt());
        }
    }
}
