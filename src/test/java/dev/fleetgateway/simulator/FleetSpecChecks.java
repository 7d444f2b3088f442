package dev.fleetgateway.simulator;

import java.time.Duration;

/** Lets tests of other packages (the web slice) run the simulator's real fleet validation behind a mock. */
public final class FleetSpecChecks {

    private FleetSpecChecks() {
    }

    /** Validates {@code request} as a fleet of this gateway would: throws the FleetException naming bad fields. */
    public static void validate(FleetRequest request) {
        FleetSpecFactory.create(request, "99001", "127.0.0.1", 7700, Duration.ofSeconds(10));
    }
}
