package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;

/**
 * A large fleet against this JVM's own gateway. Size from {@code -Dsimulator.fleet.size} (default 2,000); each
 * module costs two file descriptors here (both ends of its socket).
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = {
        "gateway.simulator.max-modules-per-fleet=10000", "gateway.simulator.max-modules-total=10000"})
class SimulatorGatewayIntegrationTests {

    static final int SIZE = Integer.getInteger("simulator.fleet.size", 2000);

    @Autowired
    SimulatorService simulator;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    ModuleService modules;

    @Test
    void aLargeFleetIdentifiesSendsTelemetryAndLeavesNoSessionWhenStopped() {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        FleetView fleet = simulator.create(new FleetRequest("big", SIZE, null, null, "3579", List.of(Profile.TELEMETRY),
                new FleetRequest.TelemetryRequest("1s", "200ms", null), null, null, null, true, null, "3s", "20s",
                null));
        assertThat(fleet.port()).as("default target: this gateway's module port").isPositive();

        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> identified() == SIZE);
        long identifiedMs = (System.nanoTime() - started) / 1_000_000;
        await().atMost(Duration.ofSeconds(30)).until(() -> framesIn() >= 3L * SIZE);

        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
        FleetView.Stats stats = simulator.get(fleet.id()).stats();
        System.out.printf("fleet=%d identified in %d ms, threads %d (before %d), heap used %d MB, connect p50/p99 %.1f/%.1f ms%n",
                SIZE, identifiedMs, threads, threadsBefore, heapMb, stats.connectLatencyMs().p50(),
                stats.connectLatencyMs().p99());
        assertThat(threads).as("no thread per module").isLessThan(200);
        assertThat(stats.connected()).isEqualTo(SIZE);
        assertThat(stats.errors()).isEmpty();
        String someKey = simulator.module(fleet.id(), Integer.toString(SIZE - 1)).key;
        assertThat(sessions.findByModuleKey(someKey)).isPresent();
        assertThat(modules.find(someKey)).hasValueSatisfying(m -> assertThat(m.kind()).isEqualTo(ModuleKind.SIMULATED));

        simulator.delete(fleet.id()).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> sessions.list(ModuleSession::isOpen).isEmpty());
        assertThat(simulator.list()).isEmpty();
    }

    long identified() {
        return sessions.list(s -> s.isOpen() && s.moduleKey() != null).size();
    }

    long framesIn() {
        return sessions.all().stream().mapToLong(s -> s.stats().framesIn()).sum();
    }
}
