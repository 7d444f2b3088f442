package dev.fleetgateway.module;



import dev.fleetgateway.system.DatabaseWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

import dev.fleetgateway.module.ModuleKind;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.module.Sighting;
import dev.fleetgateway.support.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The pending table in front of the registry: coalescing, its bound, batches and database failures. */
class RegistryWritesTests {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DatabaseWriter writer = new DatabaseWriter(4, meters);
    final ModuleService modules = mock(ModuleService.class);
    /** Every batch the registry was asked to write, in order (copied: the mock only keeps references). */
    final List<List<Sighting>> written = new ArrayList<>();
    final CountDownLatch writerHeld = new CountDownLatch(1);

    RegistryWrites writes(int maxPending, int batchSize) {
        recordWrites();
        return new RegistryWrites(modules, writer, RegistryProperties.of(maxPending, batchSize), meters,
                mock(KnownModules.class));
    }

    /** Keeps the writer thread busy (its queue empty) so that sightings pile up in the pending table. */
    void holdWriter() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        writer.offer(() -> {
            entered.countDown();
            try {
                writerHeld.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    }

    void recordWrites() {
        doAnswer(call -> {
            synchronized (written) {
                written.add(List.copyOf(call.<Collection<Sighting>>getArgument(0)));
            }
            return null;
        }).when(modules).recordSightings(anyCollection());
    }

    List<Sighting> allWritten() {
        synchronized (written) {
            return written.stream().flatMap(List::stream).toList();
        }
    }

    double dropped(String reason) {
        return meters.get("fleet.registry.writes.dropped").tag("reason", reason).counter().count();
    }

    @AfterEach
    void stopWriter() throws InterruptedException {
        writerHeld.countDown();
        writer.destroy();
    }

    @Test
    void repeatsOfAKeyBecomeOneWriteWhereARegistrationAndSimulatedWin() throws Exception {
        RegistryWrites writes = writes(100, 100);
        holdWriter();
        writes.touch("k1");
        writes.register("k1", ModuleKind.REAL);
        writes.register("k1", ModuleKind.SIMULATED);
        writes.register("k1", ModuleKind.REAL);
        writes.touch("k1");
        writes.register("k2", ModuleKind.REAL);
        assertThat(writes.pendingKeys()).isEqualTo(2);
        assertThat(meters.get("fleet.registry.pending").gauge().value()).isEqualTo(2);

        writerHeld.countDown();

        Await.until("both written", () -> allWritten().size() == 2);
        assertThat(written).hasSize(1);
        assertThat(written.get(0)).extracting(Sighting::moduleKey, Sighting::kind)
                .containsExactly(tuple("k1", ModuleKind.SIMULATED), tuple("k2", ModuleKind.REAL));
        assertThat(writes.pendingKeys()).isZero();
    }

    @Test
    void theBoundIsOnDistinctKeysAndWhatItDropsIsCounted() throws Exception {
        RegistryWrites writes = writes(2, 100);
        holdWriter();
        assertThat(writes.register("a", ModuleKind.REAL)).isTrue();
        assertThat(writes.register("b", ModuleKind.REAL)).isTrue();
        assertThat(writes.register("c", ModuleKind.REAL)).isFalse();
        assertThat(writes.touch("a")).as("a repeat of a waiting key takes no room").isTrue();
        CompletableFuture<Boolean> tracked = writes.registerTracked("d", ModuleKind.SIMULATED);
        assertThat(tracked).isCompletedWithValue(false);
        assertThat(dropped("full")).isEqualTo(2);

        writerHeld.countDown();

        Await.until("a and b written", () -> allWritten().size() == 2);
        assertThat(allWritten()).extracting(Sighting::moduleKey).containsExactly("a", "b");
        assertThat(dropped("rejected")).isZero();
    }

    @Test
    void writesBatchAfterBatchUntilNothingWaits() throws Exception {
        RegistryWrites writes = writes(100, 2);
        holdWriter();
        for (int i = 0; i < 5; i++) {
            writes.register("m" + i, ModuleKind.REAL);
        }
        writerHeld.countDown();

        Await.until("all written", () -> allWritten().size() == 5);
        assertThat(written).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(allWritten()).extracting(Sighting::moduleKey).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void aStormOfSightingsIsWrittenInAFewBatchesNotATransactionPerKey() throws Exception {
        recordWrites();
        // A coalescing wait far longer than the storm, so the count below does not depend on the machine's speed.
        RegistryWrites writes = new RegistryWrites(modules, writer, RegistryProperties.of(100_000, 500), meters,
                mock(KnownModules.class), java.time.Duration.ofSeconds(5));
        int keys = 200;
        for (int i = 0; i < keys; i++) {
            writes.register("s" + i, ModuleKind.REAL);
            Thread.sleep(1); // hellos keep arriving while the writer writes
        }

        Await.until("all written", java.time.Duration.ofSeconds(30), () -> allWritten().size() == keys);
        // The first key goes at once, the rest wait for one another: without the wait, nearly one write per key.
        assertThat(written.size()).isLessThanOrEqualTo(3);
        assertThat(allWritten()).extracting(Sighting::moduleKey).doesNotHaveDuplicates().hasSize(keys);
    }

    @Test
    void shutdownWaitsForARunningFlushAndWritesEveryKeyBeforeTheDatabaseCloses() throws Exception {
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
            synchronized (written) {
                written.add(List.copyOf(call.<Collection<Sighting>>getArgument(0)));
            }
            inWrite.countDown();
            release.await(10, TimeUnit.SECONDS);
            return null;
        }).when(modules).recordSightings(anyCollection());
        // A long coalescing wait: shutdown must cut it short instead of waiting it out.
        RegistryWrites writes = new RegistryWrites(modules, writer, RegistryProperties.of(100, 2), meters,
                mock(KnownModules.class), java.time.Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            writes.register("k" + i, ModuleKind.REAL);
        }
        assertThat(inWrite.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(writes::destroy);
        Thread.sleep(200);
        // Before the fix destroy() returned at once while the writer thread still wrote, and the context then
        // closed the entity manager under it (a storm's last batch lost at shutdown).
        assertThat(stopped).isNotDone();
        release.countDown();
        stopped.get(20, TimeUnit.SECONDS);

        assertThat(allWritten()).extracting(Sighting::moduleKey)
                .containsExactlyInAnyOrder("k0", "k1", "k2", "k3", "k4");
    }

    @Test
    void aTrackedRegistrationCompletesOnceWritten() throws Exception {
        RegistryWrites writes = writes(100, 100);
        holdWriter();
        CompletableFuture<Boolean> first = writes.registerTracked("sim-1", ModuleKind.SIMULATED);
        CompletableFuture<Boolean> again = writes.registerTracked("sim-1", ModuleKind.SIMULATED);
        assertThat(first).isNotDone();

        writerHeld.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(again.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(allWritten()).hasSize(1);
    }

    @Test
    void aKeyTheDatabaseRefusesIsDroppedAndCountedWhileTheOthersAreWritten() throws Exception {
        RegistryWrites writes = writes(100, 100);
        DataIntegrityViolationException refused = new DataIntegrityViolationException("value too long");
        doThrow(refused).when(modules).recordSightings(argThat(batch -> batch.stream()
                .anyMatch(s -> s.moduleKey().equals("bad"))));
        holdWriter();
        writes.register("good-1", ModuleKind.REAL);
        CompletableFuture<Boolean> bad = writes.registerTracked("bad", ModuleKind.REAL);
        writes.register("good-2", ModuleKind.REAL);

        writerHeld.countDown();

        assertThat(bad.get(10, TimeUnit.SECONDS)).isFalse();
        Await.until("the good ones written", () -> allWritten().stream()
                .filter(s -> s.moduleKey().startsWith("good")).count() == 2);
        assertThat(dropped("rejected")).isEqualTo(1);
        assertThat(writes.pendingKeys()).isZero();
    }

    @Test
    void keepsTheKeysWhenTheDatabaseIsDownAndWritesThemOnTheNextTry() throws Exception {
        RegistryWrites writes = writes(100, 100);
        doThrow(new DataAccessResourceFailureException("database down")).when(modules)
                .recordSightings(anyCollection());
        holdWriter();
        CompletableFuture<Boolean> registered = writes.registerTracked("k1", ModuleKind.REAL);
        writes.touch("k2");
        writerHeld.countDown();

        // the batch, then the first key alone: the database is down, so both keys go back to the table
        verify(modules, timeout(10_000).times(2)).recordSightings(anyCollection());
        Await.until("keys back in the table", () -> writes.pendingKeys() == 2);
        assertThat(registered).isNotDone();

        recordWrites();
        Await.until("written on a retry", () -> {
            writes.retry();
            return registered.isDone();
        });
        assertThat(registered.get()).isTrue();
        Await.until("both written", () -> allWritten().size() == 2);
        assertThat(dropped("full") + dropped("rejected")).isZero();
        assertThat(writes.pendingKeys()).isZero();
    }

    @Test
    void aFullWriterQueueDelaysTheFlushWithoutLosingKeys() throws Exception {
        RegistryWrites writes = writes(100, 100);
        holdWriter();
        for (int i = 0; i < 3; i++) {
            writer.offer(() -> { });
        }
        assertThat(writer.pending()).isEqualTo(3);
        writer.offer(() -> { }); // fills the queue of four
        writes.register("waits", ModuleKind.REAL);
        assertThat(meters.get("fleet.db.writer.dropped").counter().count())
                .as("a flush that found no room is no history write dropped").isZero();

        writerHeld.countDown();
        Await.until("writer drained", () -> writer.pending() == 0);
        verify(modules, never()).recordSightings(anyCollection());
        writes.retry();

        Await.until("written after the retry", () -> allWritten().size() == 1);
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> RegistryProperties.of(0, 10)).hasMessageContaining("max-pending");
        assertThatThrownBy(() -> RegistryProperties.of(10, 5000)).hasMessageContaining("batch-size");
    }
}
