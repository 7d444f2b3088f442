package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.TcpState;

import dev.fleetgateway.usocket.Errno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.modules.enabled=false")
class SimulatorSourceAddressTests {

    static final List<String> SOURCES = List.of("127.0.0.2", "127.0.0.3");

    @Autowired
    SimulatorService simulator;

    final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void stop() {
        simulator.list().forEach(f -> simulator.delete(f.id()).join());
        server.close();
    }

    FleetRequest fleet(int count, List<Profile> profiles, FleetRequest.RealismRequest realism, List<String> sources) {
        return new FleetRequest("src", count, "127.0.0.1", server.port(), "77", profiles, null, null, null, null,
                true, realism, null, null, sources);
    }

    /** The source IP the server saw, by the module index the hello line names. */
    static Map<Integer, List<String>> sourcesByIndex(List<LoopbackServer.Conn> conns) {
        return conns.stream().collect(Collectors.groupingBy(
                c -> Integer.parseInt(c.received.toString().strip().substring("IMEI:77".length(), 19)),
                Collectors.mapping(c -> ((InetSocketAddress) c.channel.remoteAddress()).getAddress().getHostAddress(),
                        Collectors.toList())));
    }

    static boolean allSaidHello(LoopbackServer server, int n) {
        return server.connections.size() == n && server.connections.stream().allMatch(c -> c.received.indexOf("\n") > 0);
    }

    @Test
    void modulesDialFromTheSourceAddressesRoundRobinByIndex() {
        FleetView fleet = simulator.create(fleet(6, List.of(Profile.ECHO), null, SOURCES));
        assertThat(fleet.sourceAddresses()).isEqualTo(SOURCES);
        await().atMost(Duration.ofSeconds(15)).until(() -> allSaidHello(server, 6));

        Map<Integer, List<String>> seen = sourcesByIndex(server.connections);
        assertThat(seen).hasSize(6);
        seen.forEach((index, ips) -> assertThat(ips).as("module %d", index).containsExactly(SOURCES.get(index % 2)));
        assertThat(simulator.get(fleet.id()).stats().connected()).isEqualTo(6);
    }

    @Test
    void aReconnectingModuleKeepsItsSourceAddress() {
        FleetRequest.RealismRequest reconnect = new FleetRequest.RealismRequest(null, null, null, null, true, "100ms",
                "1s", 2.0, 0.0, false);
        FleetView fleet = simulator.create(fleet(2, List.of(Profile.ECHO), reconnect, SOURCES));
        await().atMost(Duration.ofSeconds(15)).until(() -> allSaidHello(server, 2));

        List.copyOf(server.connections).forEach(c -> c.channel.close());
        await().atMost(Duration.ofSeconds(15)).until(() -> allSaidHello(server, 4)
                && simulator.get(fleet.id()).stats().connected() == 2);

        assertThat(sourcesByIndex(server.connections)).isEqualTo(Map.of(
                0, List.of("127.0.0.2", "127.0.0.2"), 1, List.of("127.0.0.3", "127.0.0.3")));
    }

    @Test
    void noSourceAddressesLeaveTheChoiceToTheOs() {
        FleetView fleet = simulator.create(fleet(1, List.of(Profile.ECHO), null, null));
        assertThat(fleet.sourceAddresses()).isEmpty();
        await().atMost(Duration.ofSeconds(15)).until(() -> allSaidHello(server, 1));
        assertThat(sourcesByIndex(server.connections)).isEqualTo(Map.of(0, List.of("127.0.0.1")));
    }

    @Test
    void aSourceAddressThatIsNotLocalFailsTheConnectWith99() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no host has it, so bind() fails before any packet is sent
        FleetView fleet = simulator.create(fleet(1, List.of(), null, List.of("192.0.2.1")));
        SimulatedModule m = simulator.module(fleet.id(), "0");
        assertThat(SimulatorErrnoTests.errnoOf(() -> new HandDriver(m).connect().join()))
                .isEqualTo(Errno.EADDRNOTAVAIL);
        assertThat(m.lastErrno().code()).isEqualTo(99);
        assertThat(m.sta()).isEqualTo(TcpState.CLOSED.code());
        assertThat(simulator.get(fleet.id()).stats().errors())
                .containsExactly(new FleetView.ErrnoCount(99, "EADDRNOTAVAIL", 1));
        assertThat(server.connections).isEmpty();
    }
}
