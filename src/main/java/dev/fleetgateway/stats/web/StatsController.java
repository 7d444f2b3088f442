package dev.fleetgateway.stats.web;

import dev.fleetgateway.stats.FleetRates;
import dev.fleetgateway.stats.FleetStats;
import dev.fleetgateway.stats.TopSessions;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.fleetgateway.session.Direction;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.session.SessionState;
import dev.fleetgateway.session.SessionStats;
import dev.fleetgateway.system.FleetException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Fleet summary over REST: counts, totals, rates, busiest modules (per-module figures stay out of Prometheus). */
@RestController
@RequestMapping(path = "/api/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Stats")
class StatsController {

    static final int MAX_TOP = 100;

    private final SessionRegistry sessions;
    private final FleetRates rates;

    StatsController(SessionRegistry sessions, FleetRates rates) {
        this.sessions = sessions;
        this.rates = rates;
    }

    @GetMapping
    @Operation(operationId = "getStats", summary = "Fleet summary", description = "Live sessions by direction and state, totals since start, "
            + "rates over the last minute, and the top sessions by traffic and by buffered bytes (top = 1.."
            + MAX_TOP + ", default 10).")
    FleetStats stats(@RequestParam(defaultValue = "10") int top) {
        if (top < 1 || top > MAX_TOP) {
            throw FleetException.invalid("validation", "Invalid parameter", "top must be between 1 and " + MAX_TOP)
                    .with("errors", List.of(Map.of("field", "top",
                            "message", "must be between 1 and " + MAX_TOP)));
        }
        Map<Direction, Map<SessionState, Integer>> byDirection = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            Map<SessionState, Integer> byState = new EnumMap<>(SessionState.class);
            for (SessionState s : SessionState.values()) {
                if (s != SessionState.CLOSED) {
                    byState.put(s, 0);
                }
            }
            byDirection.put(d, byState);
        }
        TopSessions byTraffic = new TopSessions(top, e -> e.bytesIn() + e.bytesOut());
        TopSessions byBuffered = new TopSessions(top, FleetStats.Entry::bufferedBytes);
        int live = 0;
        for (ModuleSession s : sessions.all()) {
            SessionState state = s.state();
            if (state == SessionState.CLOSED) {
                continue;
            }
            live++;
            byDirection.get(s.direction()).merge(state, 1, Integer::sum);
            SessionStats st = s.stats();
            FleetStats.Entry e = FleetStats.Entry.of(s, st);
            byTraffic.offer(e);
            byBuffered.offer(e);
        }
        return new FleetStats(Instant.now(), new FleetStats.Sessions(live, byDirection), sessions.totals(),
                rates.current(), new FleetStats.Top(top, byTraffic.result(), byBuffered.result()));
    }
}
