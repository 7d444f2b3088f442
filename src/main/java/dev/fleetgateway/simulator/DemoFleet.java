package dev.fleetgateway.simulator;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Starts the demo fleet ({@code gateway.simulator.demo.enabled}) once the gateway is ready and listening. */
@Component
class DemoFleet {

    private static final Logger log = LoggerFactory.getLogger(DemoFleet.class);

    private final SimulatorService simulator;
    private final SimulatorProperties props;

    DemoFleet(SimulatorService simulator, SimulatorProperties props) {
        this.simulator = simulator;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        SimulatorProperties.Demo demo = props.demo();
        if (!demo.enabled() || !props.enabled()) {
            return;
        }
        String drops = demo.meanTimeBetweenDrops().isZero() ? null : demo.meanTimeBetweenDrops().toMillis() + "ms";
        FleetRequest request = new FleetRequest("demo", demo.count(), null, null, demo.keyPrefix(), demo.profiles(),
                new FleetRequest.TelemetryRequest(demo.telemetryInterval().toMillis() + "ms",
                        demo.telemetryInterval().toMillis() / 5 + "ms", demo.telemetryTemplate()),
                List.of(new FleetRequest.RuleRequest("AT\\+CSQ", "+CSQ: 23,99")), null, null, true,
                new FleetRequest.RealismRequest("200ms", "300ms", drops, null, true, "1s", "30s", 2.0, 0.3, false),
                demo.rampUp().toMillis() + "ms", null, null);
        FleetView fleet = simulator.create(request);
        log.info("Demo fleet {} started: {} modules dialing {}:{}", fleet.id(), fleet.count(), fleet.host(), fleet.port());
    }
}
