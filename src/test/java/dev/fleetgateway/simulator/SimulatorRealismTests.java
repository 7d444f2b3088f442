package dev.fleetgateway.simulator;

import dev.fleetgateway.usocket.Backoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = "gateway.modules.enabled=false")
class SimulatorRealismTests {

    @Autowired
    SimulatorService simulator;

    final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void stop() {
        simulator.list().forEach(f -> simulator.delete(f.id()).join());
        server.close();
    }

    FleetRequest fleet(int count, FleetRequest.RealismRequest realism) {
        return new FleetRequest("realism", count, "127.0.0.1", server.port(), null, List.of(Profile.ECHO), null, null,
                null, null, true, realism, null, null, null);
    }

    static FleetRequest.RealismRequest reconnect(String initial, double jitter) {
        return new FleetRequest.RealismRequest(null, null, null, null, true, initial, "10s", 2.0, jitter, false);
    }

    @Test
    void reconnectsWithBackoffAfterTheServerClosesAndJitterSpreadsTheReturns() {
        int n = 40;
        FleetView fleet = simulator.create(fleet(n, reconnect("1s", 0.5)));
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.get(fleet.id()).stats().connected() == n);
        List<LoopbackServer.Conn> first = new ArrayList<>(server.connections);

        long closedAt = System.nanoTime();
        first.forEach(c -> c.channel.close());
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connections.size() == 2 * n
                && simulator.get(fleet.id()).stats().connected() == n);

        List<Long> delaysMs = server.connections.subList(n, 2 * n).stream()
                .map(c -> TimeUnit.NANOSECONDS.toMillis(c.acceptedAt - closedAt)).sorted().toList();
        // back-off 1s with ±50% jitter: nobody returns at once, and the returns spread over hundreds of ms
        assertThat(delaysMs.get(0)).isGreaterThanOrEqualTo(450);
        assertThat(delaysMs.get(n - 1)).as("within the back-off band, with slack for a loaded machine").isLessThan(6000);
        assertThat(delaysMs.get(n - 1) - delaysMs.get(0)).isGreaterThan(300);
        FleetView.Stats stats = simulator.get(fleet.id()).stats();
        assertThat(stats.reconnectAttempts()).isEqualTo(n);
        assertThat(stats.connects()).isEqualTo(2 * n);
        assertThat(stats.disconnects()).isEqualTo(n);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCapWithinTheJitterBand() {
        Backoff plain = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, 0);
        assertThat(List.of(0, 1, 2, 3, 4, 10).stream().map(a -> plain.delayNanos(a) / 1_000_000).toList())
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        Backoff jittered = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(60), 2.0, 0.2);
        List<Long> draws = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            draws.add(jittered.delayNanos(1) / 1_000_000);
        }
        assertThat(draws).allMatch(d -> d >= 1600 && d <= 2400);
        assertThat(draws.stream().distinct().count()).isGreaterThan(50);
    }

    @Test
    void randomDropsResetTheConnectionAndTheModuleComesBack() {
        FleetView fleet = simulator.create(fleet(5, new FleetRequest.RealismRequest(null, null, "200ms", null, true,
                "100ms", "200ms", 2.0, 0.2, false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> simulator.get(fleet.id()).stats().drops() >= 10);
        FleetView.Stats stats = simulator.get(fleet.id()).stats();
        assertThat(stats.connects()).isGreaterThan(5);
        assertThat(stats.errors()).anyMatch(e -> e.errno() == 104);
        assertThat(server.connections.size()).isGreaterThan(5);
    }

    @Test
    void natIdleTimeoutDropsASilentConnectionButNotABusyOne() {
        FleetView fleet = simulator.create(fleet(2, new FleetRequest.RealismRequest(null, null, null, "1s", false,
                null, null, null, null, false)));
        await().atMost(Duration.ofSeconds(15)).until(() -> server.connections.size() == 2);
        LoopbackServer.Conn busy = server.connections.get(0);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
        while (System.nanoTime() < end) {
            busy.send("keepalive\r\n"); // the echo answers, so this connection is never idle
            sleep(100);
        }
        assertThat(busy.channel.isActive()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> !server.connections.get(1).channel.isActive());
        assertThat(simulator.get(fleet.id()).stats().drops()).isEqualTo(1);
        assertThat(simulator.get(fleet.id()).stats().closed()).isEqualTo(1); // reconnect is off
    }

    @Test
    void connectLatencyIsAddedAndShowsInThePercentiles() {
        FleetView fleet = simulator.create(fleet(4, new FleetRequest.RealismRequest("300ms", "100ms", null, null, false,
                null, null, null, null, false)));
        await().atMost(Duration.ofSeconds(15)).until(() -> simulator.get(fleet.id()).stats().connected() == 4);
        FleetView.Latency latency = simulator.get(fleet.id()).stats().connectLatencyMs();
        assertThat(latency.p50()).isGreaterThanOrEqualTo(295);
        assertThat(latency.max()).isLessThan(10_000);
    }

    @Test
    void sendsFailWhileReconnectingWhenAsked() {
        FleetView fleet = simulator.create(new FleetRequest("fail", 1, "127.0.0.1", server.port(), null,
                List.of(Profile.TELEMETRY), new FleetRequest.TelemetryRequest("50ms", null, "x"), null, null, null, false,
                new FleetRequest.RealismRequest(null, null, null, null, true, "5s", "5s", 1.0, 0.0, true), null,
                null, null));
        await().atMost(Duration.ofSeconds(15)).until(() -> server.connections.size() == 1
                && simulator.get(fleet.id()).stats().framesSent() > 0);
        server.connections.get(0).channel.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> simulator.get(fleet.id()).stats().sendFailures() >= 3);
        assertThat(simulator.get(fleet.id()).stats().backingOff()).isEqualTo(1);
        assertThat(simulator.get(fleet.id()).stats().errors()).anyMatch(e -> e.errno() == 107);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
