package dev.fleetgateway.console;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.session.SessionState;
import dev.fleetgateway.session.SessionTotals;

/** Live sessions counted by state and direction, with the totals since start: the head of the overview page. */
@Component
public class FleetOverview {

    /** A snapshot: counts of live sessions (closed ones excluded) and the process totals. */
    public record Snapshot(int live, Map<SessionState, Integer> byState, Map<Direction, Integer> byDirection,
            SessionTotals totals) {
    }

    private final SessionRegistry sessions;

    FleetOverview(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    /** Counts the live table once (a scan of every session: the caller shares one result per tick). */
    public Snapshot snapshot() {
        Map<SessionState, Integer> byState = new EnumMap<>(SessionState.class);
        for (SessionState s : SessionState.values()) {
            if (s != SessionState.CLOSED) {
                byState.put(s, 0);
            }
        }
        Map<Direction, Integer> byDirection = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            byDirection.put(d, 0);
        }
        int live = 0;
        for (ModuleSession s : sessions.all()) {
            SessionState state = s.state();
            if (state != SessionState.CLOSED) {
                live++;
                byState.merge(state, 1, Integer::sum);
                byDirection.merge(s.direction(), 1, Integer::sum);
            }
        }
        return new Snapshot(live, byState, byDirection, sessions.totals());
    }
}
