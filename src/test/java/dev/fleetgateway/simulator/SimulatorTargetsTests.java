package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.fleetgateway.system.FleetException;

/** A fleet spread over several servers, as over the replicas of a cluster: module i dials targets[i % n]. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.modules.enabled=false")
class SimulatorTargetsTests {

    @Autowired
    SimulatorService simulator;

    final LoopbackServer a = new LoopbackServer();
    final LoopbackServer b = new LoopbackServer();
    final LoopbackServer c = new LoopbackServer();

    @AfterEach
    void stop() {
        simulator.list().forEach(f -> simulator.delete(f.id()).join());
        a.close();
        b.close();
        c.close();
    }

    static FleetRequest fleet(int count, String host, Integer port, List<FleetRequest.TargetRequest> targets,
            FleetRequest.RealismRequest realism) {
        return new FleetRequest("spread", count, host, port, "78", List.of(Profile.ECHO), null, null, null, null, true,
                realism, null, null, null, targets);
    }

    static FleetRequest.TargetRequest at(LoopbackServer server) {
        return new FleetRequest.TargetRequest("127.0.0.1", server.port());
    }

    /** The module indexes whose hello lines a server received. */
    static Set<Integer> indexes(LoopbackServer server) {
        return server.connections.stream()
                .map(conn -> Integer.parseInt(conn.received.toString().strip().substring("IMEI:78".length(), 19)))
                .collect(Collectors.toSet());
    }

    static boolean saidHello(LoopbackServer server, int n) {
        return server.connections.size() == n && server.connections.stream().allMatch(x -> x.received.indexOf("\n") > 0);
    }

    @Test
    void modulesSpreadOverTheTargetsRoundRobinByIndex() {
        FleetView fleet = simulator.create(fleet(7, null, null, List.of(at(a), at(b), at(c)), null));
        assertThat(fleet.targets()).containsExactly("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port(),
                "127.0.0.1:" + c.port());
        assertThat(fleet.port()).as("host and port show the first target").isEqualTo(a.port());

        await().atMost(Duration.ofSeconds(15)).until(() -> saidHello(a, 3) && saidHello(b, 2) && saidHello(c, 2));
        assertThat(indexes(a)).containsExactlyInAnyOrder(0, 3, 6);
        assertThat(indexes(b)).containsExactlyInAnyOrder(1, 4);
        assertThat(indexes(c)).containsExactlyInAnyOrder(2, 5);
        assertThat(simulator.get(fleet.id()).stats().connected()).isEqualTo(7);
    }

    @Test
    void aReconnectingModuleDialsItsOwnTargetAgain() {
        FleetRequest.RealismRequest reconnect = new FleetRequest.RealismRequest(null, null, null, null, true, "100ms",
                "1s", 2.0, 0.0, false);
        FleetView fleet = simulator.create(fleet(2, null, null, List.of(at(a), at(b)), reconnect));
        await().atMost(Duration.ofSeconds(15)).until(() -> saidHello(a, 1) && saidHello(b, 1));

        List.copyOf(b.connections).forEach(conn -> conn.channel.close());
        await().atMost(Duration.ofSeconds(15)).until(() -> saidHello(b, 2)
                && simulator.get(fleet.id()).stats().connected() == 2);
        assertThat(indexes(b)).containsExactly(1);
        assertThat(a.connections).hasSize(1);
    }

    @Test
    void oneTargetIsHostAndPortAsBefore() {
        FleetView fleet = simulator.create(fleet(1, "127.0.0.1", a.port(), null, null));
        assertThat(fleet.targets()).containsExactly("127.0.0.1:" + a.port());
        await().atMost(Duration.ofSeconds(15)).until(() -> saidHello(a, 1));
    }

    @Test
    void refusesTargetsBesideHostOrPortAndInvalidTargets() {
        assertThatThrownBy(() -> simulator.create(fleet(1, "127.0.0.1", null, List.of(at(a)), null)))
                .isInstanceOf(FleetException.class).hasMessageContaining("targets replaces host and port");
        assertThatThrownBy(() -> simulator.create(fleet(1, null, null,
                List.of(at(a), new FleetRequest.TargetRequest(" ", 7700), new FleetRequest.TargetRequest("127.0.0.1", 0)),
                null)))
                .isInstanceOf(FleetException.class).hasMessageContaining("targets[1].host must not be blank")
                .hasMessageContaining("targets[2].port must be between 1 and 65535");
        assertThat(simulator.list()).isEmpty();
    }
}
