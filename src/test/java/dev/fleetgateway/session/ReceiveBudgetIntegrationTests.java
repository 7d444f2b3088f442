package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;

/**
 * The receive-buffer budget shared by all sessions, over real loopback sockets: four modules flood at once,
 * each under its own 1 MiB buffer but together far over the 256 KiB budget. Their sockets pause, the heap held
 * stays near the budget, and once read every byte of every module arrives, in order.
 */
@SpringBootTest(properties = {
        "gateway.modules.receive-buffer=1MB",
        "gateway.modules.receive-buffer-total=256KB"})
class ReceiveBudgetIntegrationTests {

    static final int MODULES = 4;
    static final int BYTES_EACH = 4 * 1024 * 1024;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Test
    void floodingModulesShareTheBudgetAndLoseNothing() throws Exception {
        List<ModuleClient> clients = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        try {
            for (int m = 0; m < MODULES; m++) {
                byte[] payload = new byte[BYTES_EACH];
                new Random(m).nextBytes(payload);
                payloads.add(payload);
                ModuleClient c = ModuleClient.hello(server.localPort(), "budget-" + m);
                clients.add(c);
                String key = "budget-" + m;
                Await.until("bound " + key, () -> registry.findByModuleKey(key).isPresent());
                writers.add(CompletableFuture.runAsync(() -> {
                    try {
                        c.send(payload);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            BufferBudget budget = registry.budget();
            Await.until("every flooding socket paused", () -> sessions().stream().allMatch(s -> s.stats().readingPaused()));
            Thread.sleep(300);
            // Bounded by the budget plus at most one socket read per session that was already under way.
            assertThat(budget.used()).isLessThanOrEqualTo(256 * 1024 + MODULES * 128 * 1024L);
            // Without the budget each would have buffered up to its own 1 MiB (the rest waits in the kernel).
            assertThat(sessions().stream().mapToLong(s -> s.stats().bufferedBytes()).sum())
                    .isLessThan((long) MODULES * 1024 * 1024 / 2);
            assertThat(budget.pauses()).isGreaterThanOrEqualTo(1);

            // Read the modules one after the other: reading one frees budget the others wait for.
            for (int m = 0; m < MODULES; m++) {
                ModuleSession s = registry.findByModuleKey("budget-" + m).orElseThrow();
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long total = 0;
                while (total < BYTES_EACH) {
                    RecvResult r = s.recv(64 * 1024, 10_000).get(15, TimeUnit.SECONDS);
                    assertThat(r.outcome()).as("module %d after %d bytes", m, total).isEqualTo(RecvResult.Outcome.DATA);
                    digest.update(r.data());
                    total += r.data().length;
                }
                assertThat(total).isEqualTo(BYTES_EACH);
                assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payloads.get(m))));
            }
            for (CompletableFuture<Void> w : writers) {
                w.get(15, TimeUnit.SECONDS);
            }
            Await.until("budget given back", () -> budget.used() == 0);
        } finally {
            for (ModuleClient c : clients) {
                c.close();
            }
        }
    }

    List<ModuleSession> sessions() {
        List<ModuleSession> out = new ArrayList<>();
        for (int m = 0; m < MODULES; m++) {
            registry.findByModuleKey("budget-" + m).ifPresent(out::add);
        }
        return out;
    }
}
