package dev.fleetgateway.stats;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.SessionRegistry;

/** Samples the session totals every second so the stats can report rates over the last minute. */
@Component
public class FleetRates {

    /** One sample a second; one extra slot so a full window spans a whole minute. */
    static final int WINDOW_SECONDS = 60;

    private final SessionRegistry sessions;
    private final RateWindow window = new RateWindow(WINDOW_SECONDS + 1);

    FleetRates(SessionRegistry sessions) {
        this.sessions = sessions;
        sample();
    }

    @Scheduled(fixedRate = 1000)
    void sample() {
        window.add(System.currentTimeMillis(), sessions.totals());
    }

    /** Rates from the oldest sample (at most a minute old) up to now. */
    public FleetStats.Rates current() {
        return window.ratesTo(System.currentTimeMillis(), sessions.totals());
    }
}
