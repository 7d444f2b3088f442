package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;

/** Limits and policies: required hello, idle timeout, max sessions, back-pressure, slow readers. */
@SpringBootTest(properties = {
        "gateway.modules.hello.required=true",
        "gateway.modules.hello.timeout=300ms",
        "gateway.modules.read-idle=3s",
        "gateway.modules.max-sessions=20",
        "gateway.modules.limits.source-sessions=20",
        "gateway.modules.receive-buffer=64KB",
        "gateway.modules.write-buffer-high=64KB",
        "gateway.modules.write-buffer-low=16KB",
        "gateway.modules.duplicate-key=REJECT",
        "gateway.modules.framing.max-frame-size=8KB"})
class SessionLimitsIntegrationTests {

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    ModuleSession bound(String key) {
        Await.until("bound " + key, () -> registry.findByModuleKey(key).isPresent());
        return registry.findByModuleKey(key).orElseThrow();
    }

    ModuleSession newestClosed(CloseReason reason) {
        Await.until("a session closed with " + reason, () -> registry.all().stream()
                .anyMatch(s -> s.closeReason() == reason));
        return registry.all().stream().filter(s -> s.closeReason() == reason).findFirst().orElseThrow();
    }

    @Test
    void dropsModuleThatNeverSaysHello() throws Exception {
        try (ModuleClient silent = new ModuleClient(server.localPort())) {
            assertThat(silent.closedByServer(3000)).isTrue();
        }
        assertThat(newestClosed(CloseReason.HELLO_TIMEOUT).isClosed()).isTrue();
    }

    @Test
    void dropsModuleWhoseFirstLineIsNotAHello() throws Exception {
        try (ModuleClient seed = new ModuleClient(server.localPort())) {
            seed.send("1234567890\r\n");
            assertThat(seed.closedByServer(3000)).isTrue();
        }
        newestClosed(CloseReason.HELLO_REJECTED);
    }

    @Test
    void rejectsDuplicateKeyUnderRejectPolicy() throws Exception {
        try (ModuleClient first = ModuleClient.hello(server.localPort(), "only-once")) {
            ModuleSession s = bound("only-once");
            try (ModuleClient second = ModuleClient.hello(server.localPort(), "only-once")) {
                assertThat(second.closedByServer(3000)).isTrue();
            }
            newestClosed(CloseReason.DUPLICATE_REJECTED);
            assertThat(s.isOpen()).isTrue();
            assertThat(registry.findByModuleKey("only-once")).containsSame(s);
        }
    }

    @Test
    void closesIdleSessions() throws Exception {
        try (ModuleClient idle = ModuleClient.hello(server.localPort(), "idler")) {
            ModuleSession s = bound("idler");
            Await.until("idle close", java.time.Duration.ofSeconds(10), s::isClosed);
            assertThat(s.closeReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
            assertThat(idle.closedByServer(2000)).isTrue();
        }
    }

    @Test
    void keepsATalkingSessionPastReadIdleWhileASilentOneIsClosed() throws Exception {
        try (ModuleClient talker = ModuleClient.hello(server.localPort(), "talker");
                ModuleClient silent = ModuleClient.hello(server.localPort(), "silent")) {
            ModuleSession talking = bound("talker");
            ModuleSession quiet = bound("silent");
            // Two read-idle periods (3s) with a line every 0.5s: the talker stays, the silent one goes.
            for (int i = 0; i < 12; i++) {
                talker.send("ping " + i + "\n");
                Thread.sleep(500);
            }
            assertThat(quiet.isClosed()).isTrue();
            assertThat(quiet.closeReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
            assertThat(silent.closedByServer(2000)).isTrue();
            assertThat(talking.isOpen()).isTrue();
            assertThat(registry.findByModuleKey("talker")).containsSame(talking);

            // Once it falls silent too, read-idle applies to it as well.
            Await.until("talker closed as idle", java.time.Duration.ofSeconds(10), talking::isClosed);
            assertThat(talking.closeReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
        }
    }

    @Test
    void anIdentifiedSessionKeepsOnlyItsFramerAndSessionHandler() throws Exception {
        try (ModuleClient held = ModuleClient.hello(server.localPort(), "lean")) {
            ModuleSession s = bound("lean");
            // Memory per held session (issue 18): no idle handler per channel, and the hello step has left.
            Await.until("hello handler removed", () -> !s.channel().pipeline().toMap().containsKey("hello"));
            assertThat(s.channel().pipeline().toMap().keySet()).containsExactly("framer", "session");
        }
    }

    @Test
    void closesSessionOnOversizeFrame() throws Exception {
        try (ModuleClient big = ModuleClient.hello(server.localPort(), "big-frame")) {
            ModuleSession s = bound("big-frame");
            // RAW framing cuts raw reads at the max frame size, so the stream itself is fine...
            big.send(new byte[20_000]);
            Await.until("20000 bytes", () -> s.stats().bytesIn() == 20_000);
            assertThat(s.isOpen()).isTrue();
            assertThat(s.read(0, 100, 0).get().frames()).allSatisfy(f -> assertThat(f.data().length).isLessThanOrEqualTo(8192));
        }
    }

    @Test
    void refusesConnectionsBeyondMaxSessions() throws Exception {
        List<ModuleClient> clients = new ArrayList<>();
        try {
            Await.until("earlier sessions gone", () -> registry.liveCount() == 0);
            for (int i = 0; i < 20; i++) {
                clients.add(ModuleClient.hello(server.localPort(), "cap-" + i));
            }
            Await.until("at the cap", () -> registry.liveCount() == 20);
            try (ModuleClient extra = new ModuleClient(server.localPort())) {
                assertThat(extra.closedByServer(3000)).isTrue();
            }
            assertThat(registry.liveCount()).isEqualTo(20);
            assertThat(meters.counter("fleet.sessions.refused", "reason", "max_sessions").count())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            for (ModuleClient c : clients) {
                c.close();
            }
            Await.until("released", () -> registry.liveCount() < 5);
        }
    }

    @Test
    void pausesAFloodingModuleAndDeliversEveryByteInOrder() throws Exception {
        byte[] payload = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        try (ModuleClient flood = ModuleClient.hello(server.localPort(), "flooder")) {
            ModuleSession s = bound("flooder");
            CompletableFuture<Void> writing = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    flood.send(payload);
                    writing.complete(null);
                } catch (Exception e) {
                    writing.completeExceptionally(e);
                }
            });
            writer.start();
            Await.until("paused", () -> s.stats().readingPaused());
            Thread.sleep(300);
            // Bounded: at most the capacity plus one read in flight.
            assertThat(s.stats().bufferedBytes()).isLessThanOrEqualTo(64 * 1024 + 64 * 1024);
            assertThat(writing).isNotDone();
            assertThat(s.stats().backpressurePauses()).isGreaterThanOrEqualTo(1);

            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long total = 0;
            while (total < payload.length) {
                RecvResult r = s.recv(16 * 1024, 5_000).get(10, TimeUnit.SECONDS);
                assertThat(r.outcome()).isEqualTo(RecvResult.Outcome.DATA);
                digest.update(r.data());
                total += r.data().length;
            }
            writing.get(10, TimeUnit.SECONDS);
            assertThat(total).isEqualTo(payload.length);
            assertThat(HexFormat.of().formatHex(digest.digest()))
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)));
        }
    }

    @Test
    void keepsASessionPausedByBackpressureOpenPastReadIdle() throws Exception {
        try (ModuleClient busy = ModuleClient.hello(server.localPort(), "busy")) {
            ModuleSession s = bound("busy");
            busy.send(new byte[128 * 1024]); // twice the buffer: the rest waits in the kernel
            Await.until("paused", () -> s.stats().readingPaused());

            // The gateway is the one not reading: two read-idle periods (3s) pass, the module stays online.
            Thread.sleep(6_500);
            assertThat(s.isOpen()).isTrue();
            assertThat(s.stats().readingPaused()).isTrue();
            assertThat(registry.findByModuleKey("busy")).containsSame(s);

            long total = 0;
            while (total < 128 * 1024) {
                RecvResult r = s.recv(64 * 1024, 5_000).get(10, TimeUnit.SECONDS);
                assertThat(r.outcome()).isEqualTo(RecvResult.Outcome.DATA);
                total += r.data().length;
            }
            assertThat(s.isOpen()).as("the idle clock starts again when reading resumes").isTrue();
            // Silent while read: read-idle applies as before.
            Await.until("closed as idle", java.time.Duration.ofSeconds(10), s::isClosed);
            assertThat(s.closeReason()).isEqualTo(CloseReason.IDLE_TIMEOUT);
        }
    }

    @Test
    void failsFastWhenTheModuleStopsReading() throws Exception {
        try (ModuleClient deaf = ModuleClient.hello(server.localPort(), "deaf")) {
            ModuleSession s = bound("deaf");
            byte[] chunk = new byte[32 * 1024];
            List<CompletableFuture<Integer>> sends = new ArrayList<>();
            Throwable failure = null;
            // Like many REST clients sending at once to a module that never reads.
            for (int i = 0; i < 4000 && failure == null; i++) {
                CompletableFuture<Integer> f = s.send(chunk);
                if (f.isCompletedExceptionally()) {
                    try {
                        f.join();
                    } catch (java.util.concurrent.CompletionException e) {
                        failure = e.getCause();
                    }
                } else {
                    sends.add(f);
                }
                if (i % 16 == 15) {
                    Thread.sleep(5); // let the event loop flush what the kernel takes
                }
            }
            assertThat(failure).isInstanceOfSatisfying(SendException.class,
                    e -> assertThat(e.failure()).isEqualTo(SendException.Failure.NOT_READING));
            // Bounded: what is queued is the kernel's buffers plus the write-buffer high mark, not 4000 chunks.
            long pending = sends.stream().filter(f -> !f.isDone()).count();
            assertThat(pending * chunk.length).isLessThanOrEqualTo(64 * 1024 + chunk.length);
            assertThat(s.isOpen()).isTrue();
        }
    }

    @Test
    void helloStillWorksWhenRequired() throws Exception {
        try (ModuleClient ok = ModuleClient.hello(server.localPort(), "polite")) {
            ok.send("x");
            ModuleSession s = bound("polite");
            Await.until("data", () -> s.stats().bytesIn() == 1);
            assertThat(new String(s.recv(10, 1000).get().data(), StandardCharsets.UTF_8)).isEqualTo("x");
        }
    }
}
