package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.modules.enabled=false")
class SimulatorProfilesTests {

    @Autowired
    SimulatorService simulator;

    @Autowired
    ModuleService modules;

    final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void stop() {
        simulator.list().forEach(f -> simulator.delete(f.id()).join());
        server.close();
    }

    FleetRequest fleet(int count, List<Profile> profiles, boolean hello, FleetRequest.TelemetryRequest telemetry,
            List<FleetRequest.RuleRequest> replies) {
        return new FleetRequest("t", count, "127.0.0.1", server.port(), null, profiles, telemetry, replies, "5s", null,
                hello, null, null, "2s", null);
    }

    @Test
    void seedProfileReproducesTheDocument() {
        // the server of the seed document: it answers 0123456789 once the module uploaded its data
        server.onData((conn, data) -> {
            if (conn.received.toString().endsWith("1234567890\r\n")) {
                conn.send("0123456789");
            }
        });
        FleetView fleet = simulator.create(fleet(1, List.of(Profile.SEED), false, null, null));
        SimulatedModule m = simulator.module(fleet.id(), "0");

        await().atMost(Duration.ofSeconds(30)).until(() -> m.profile().seed() != null);
        SeedResult seed = m.profile().seed();
        assertThat(seed.sent()).as("send %d bytes").isEqualTo(12);
        assertThat(seed.received()).as("recv %s bytes:").isEqualTo(10);
        assertThat(seed.data()).as("base64, like every read").isEqualTo("MDEyMzQ1Njc4OQ==");
        assertThat(server.connections.get(0).received.toString()).isEqualTo("1234567890\r\n");
        // after close() the server sees the module go offline and getsocketsta() reports -1
        await().atMost(Duration.ofSeconds(15)).until(() -> server.closed.size() == 1);
        assertThat(m.sta()).isEqualTo(-1);
        assertThat(m.state()).isEqualTo(ModuleState.CLOSED);
    }

    @Test
    void echoProfileSendsEveryDownlinkBackAfterTheHelloLine() {
        FleetView fleet = simulator.create(fleet(2, List.of(Profile.ECHO), true, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connections.size() == 2
                && server.connections.stream().allMatch(c -> c.received.toString().startsWith("IMEI:")));
        server.connections.forEach(c -> c.send("ping-" + c.received.substring(5, 20) + "\r\n"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> server.connections.forEach(c -> {
            String key = c.received.substring(5, 20);
            assertThat(c.received.toString()).isEqualTo("IMEI:" + key + "\r\nping-" + key + "\r\n");
        }));
        List<String> keys = simulator.modules(fleet.id()).stream().map(m -> m.key).toList();
        assertThat(keys).allMatch(k -> k.matches("\\d{15}"))
                .allMatch(k -> ImeiKeys.luhn(k.substring(0, 14)) == k.charAt(14) - '0');
        assertThat(simulator.get(fleet.id()).stats().framesReceived()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(modules.find(keys.get(0)))
                .hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(ModuleKind.SIMULATED)));
    }

    @Test
    void telemetryProfileSendsTheTemplateEveryIntervalWithFieldsFilled() {
        FleetView fleet = simulator.create(fleet(3, List.of(Profile.TELEMETRY), false,
                new FleetRequest.TelemetryRequest("100ms", "20ms", "{key};{counter};{timestamp};{random:5:7}"), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connections.size() == 3
                && server.connections.stream().allMatch(c -> c.received.toString().split("\r\n").length >= 5));

        for (LoopbackServer.Conn c : server.connections) {
            String[] lines = c.received.toString().split("\r\n");
            String key = lines[0].split(";")[0];
            for (int i = 0; i < 5; i++) {
                String[] f = lines[i].split(";");
                assertThat(f[0]).isEqualTo(key).matches("99\\d{13}");
                assertThat(f[1]).isEqualTo(Integer.toString(i + 1));
                assertThat(Long.parseLong(f[2])).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
                assertThat(Integer.parseInt(f[3])).isBetween(5, 7);
            }
        }
        FleetView.Stats stats = simulator.get(fleet.id()).stats();
        assertThat(stats.connected()).isEqualTo(3);
        assertThat(stats.framesSent()).isGreaterThanOrEqualTo(15);
        assertThat(stats.connectLatencyMs().count()).isEqualTo(3);
        assertThat(stats.connectLatencyMs().p99()).isGreaterThan(0);
    }

    @Test
    void requestResponseAnswersMatchingDownlinksAndCombinesWithTelemetry() {
        FleetView fleet = simulator.create(fleet(1, List.of(Profile.REQUEST_RESPONSE, Profile.TELEMETRY), false,
                new FleetRequest.TelemetryRequest("1h", null, "T"),
                List.of(new FleetRequest.RuleRequest("AT\\+CSQ", "+CSQ: 23,99"),
                        new FleetRequest.RuleRequest("^AT$", "OK"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connections.size() == 1);
        LoopbackServer.Conn conn = server.connections.get(0);
        conn.send("AT+CSQ\r\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> conn.received.toString().contains("+CSQ: 23,99\r\n"));
        conn.send("AT\r\nATI\r\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> conn.received.toString().endsWith("OK\r\n"));
        assertThat(conn.received.toString().replace("T\r\n", "")).isEqualTo("+CSQ: 23,99\r\nOK\r\n");
        assertThat(simulator.get(fleet.id()).profiles()).containsExactlyInAnyOrder(Profile.REQUEST_RESPONSE, Profile.TELEMETRY);
    }

    @Test
    void stoppingAFleetClosesEverySocketCleanly() {
        FleetView fleet = simulator.create(fleet(20, List.of(Profile.ECHO), true, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.get(fleet.id()).stats().connected() == 20);
        simulator.delete(fleet.id()).join();
        await().atMost(Duration.ofSeconds(15)).until(() -> server.open() == 0);
        assertThat(server.closed).hasSize(20);
        assertThat(simulator.list()).isEmpty();
    }
}
