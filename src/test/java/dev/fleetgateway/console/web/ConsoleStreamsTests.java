package dev.fleetgateway.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.console.ConsoleProperties;
import dev.fleetgateway.system.FleetException;

/** The console's streams are bounded in number and refused while the gateway stops. */
class ConsoleStreamsTests {

    @Test
    void refusesStreamsBeyondTheLimitAndWhileStopped() {
        ConsoleStreams streams = new ConsoleStreams(new ConsoleProperties(Duration.ofSeconds(2), Duration.ofMinutes(10),
                2, 16, 25), null, null, null, null);
        streams.reopenStreams();
        streams.open(ConsoleStreams.Topic.OVERVIEW);
        streams.open(ConsoleStreams.Topic.SIMULATOR);
        assertThatThrownBy(() -> streams.open(ConsoleStreams.Topic.OVERVIEW)).isInstanceOf(FleetException.class)
                .hasMessageContaining("gateway.console.max-streams");
        assertThat(streams.open()).isEqualTo(2);

        streams.endStreams();
        assertThatThrownBy(() -> streams.open(ConsoleStreams.Topic.OVERVIEW)).isInstanceOf(FleetException.class)
                .extracting(e -> ((FleetException) e).kind()).isEqualTo(FleetException.Kind.UNAVAILABLE);
        streams.destroy();
    }
}
