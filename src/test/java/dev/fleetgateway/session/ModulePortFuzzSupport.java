package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.sun.management.UnixOperatingSystemMXBean;

import io.micrometer.core.instrument.MeterRegistry;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;

/**
 * Runs the module-port fuzzer against a live gateway and checks what must hold afterwards: no session left
 * open, no buffered byte left, file descriptors back to where they were, no session ended by a bug, and a
 * module that stayed connected through it all still heard.
 */
final class ModulePortFuzzSupport {

    private ModulePortFuzzSupport() {
    }

    static ModulePortFuzzer.Report fuzzAndCheckBaseline(ModuleServer server, SessionRegistry registry,
            MeterRegistry meters, ModulePortFuzzer.FrameShape shape, int maxFrame, long seed, int connections)
            throws Exception {
        try (ModuleClient sentinel = ModuleClient.hello(server.localPort(), "sentinel")) {
            Await.until("sentinel bound", () -> registry.findByModuleKey("sentinel").isPresent());
            settle(registry);
            int liveBefore = registry.liveCount();
            long bufferedBefore = registry.bufferedBytes();
            long budgetBefore = registry.budget().used();
            long fdsBefore = openFiles();
            double errorsBefore = closed(meters, "error");

            long started = System.nanoTime();
            ModulePortFuzzer.Report report = new ModulePortFuzzer(server.localPort(), maxFrame, shape, seed)
                    .run(connections, 24);
            System.out.printf("module-port fuzz (seed %d): %d connections, %d bytes in %d ms, %s%n", seed,
                    report.connections(), report.bytesSent(), (System.nanoTime() - started) / 1_000_000,
                    report.byAttack());

            assertThat(report.unexpectedFailures()).as("connections that failed other than by a close: %s",
                    report.failureSamples()).isZero();
            try {
                Await.until("sessions back to baseline", Duration.ofSeconds(20),
                        () -> registry.liveCount() == liveBefore);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; live count " + registry.liveCount() + " (was " + liveBefore
                        + "), in table " + registry.all().size() + ", not closed: " + registry.liveSessions()
                        .filter(m -> !"sentinel".equals(m.moduleKey())).limit(5)
                        .map(m -> m.id() + " " + m.moduleKey() + " " + m.state() + " " + m.stats())
                        .toList(), e);
            }
            settle(registry);
            assertThat(registry.bufferedBytes()).as("bytes buffered after the fuzz").isEqualTo(bufferedBefore);
            assertThat(registry.budget().used()).as("receive budget in use after the fuzz").isEqualTo(budgetBefore);
            // a few descriptors come and go with class loading and logging; sockets would be hundreds
            Await.until("file descriptors back to baseline", Duration.ofSeconds(20),
                    () -> openFiles() <= fdsBefore + 8);
            assertThat(closed(meters, "error") - errorsBefore).as("sessions ended by an unexpected error").isZero();
            assertThat(closed(meters, "frame_too_large")).as("oversize frames refused").isPositive();
            assertThat(closed(meters, "reset")).as("resets seen").isPositive();

            ModuleSession alive = registry.findByModuleKey("sentinel").orElseThrow();
            assertThat(alive.isOpen()).isTrue();
            sentinel.send(shape.frame("still-here".getBytes(StandardCharsets.US_ASCII)));
            RecvResult got = alive.recv(64, 5_000).get(10, TimeUnit.SECONDS);
            assertThat(new String(got.data(), StandardCharsets.US_ASCII)).isEqualTo("still-here");
            return report;
        }
    }

    /** Drops closed sessions past their (short) retention, so their buffers are released. */
    private static void settle(SessionRegistry registry) {
        Await.until("closed sessions purged", Duration.ofSeconds(20), () -> {
            registry.purgeClosed();
            return registry.all().size() == registry.liveCount();
        });
    }

    private static double closed(MeterRegistry meters, String reason) {
        return meters.find("fleet.sessions.closed").tag("direction", "inbound").tag("reason", reason)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static long openFiles() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }
}
