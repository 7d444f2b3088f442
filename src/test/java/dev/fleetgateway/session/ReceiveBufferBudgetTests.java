package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.util.concurrent.DefaultEventExecutor;

/** The heap budget shared by all receive buffers ({@code receive-buffer-total}). */
class ReceiveBufferBudgetTests {

    final DefaultEventExecutor loop = new DefaultEventExecutor();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    /** Records what one buffer asked of its socket. */
    static final class Signals implements ReceiveBuffer.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void pause() {
            seen.add("pause");
        }

        @Override
        public void resume() {
            seen.add("resume");
        }

        @Override
        public void dropped(int frames, long bytes) {
            seen.add("dropped:" + frames);
        }
    }

    static byte[] bytes(int n) {
        return "x".repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    void settle() throws Exception {
        // Wake-ups run on the buffer's loop: a task submitted after them has run once they have.
        loop.submit(() -> { }).get(2, TimeUnit.SECONDS);
        loop.submit(() -> { }).get(2, TimeUnit.SECONDS);
    }

    @Test
    void aSessionUnderItsOwnLimitPausesWhenTheSharedBudgetIsSpentAndResumesWhenAnotherIsRead() throws Exception {
        BufferBudget budget = new BufferBudget(1_000, 0);
        Signals a = new Signals();
        Signals b = new Signals();
        ReceiveBuffer first = new ReceiveBuffer(10_000, 0, false, a, loop, budget);
        ReceiveBuffer second = new ReceiveBuffer(10_000, 0, false, b, loop, budget);

        first.append(bytes(800), 1);
        assertThat(a.seen).isEmpty();
        second.append(bytes(300), 2);
        // Each is far under its own 10,000 bytes, but together they passed the 1,000-byte budget.
        assertThat(b.seen).containsExactly("pause");
        assertThat(second.isPaused()).isTrue();
        assertThat(budget.used()).isEqualTo(1_100);
        assertThat(budget.pauses()).isEqualTo(1);

        // Reading the second session's own data is not enough while the budget is above its low-water mark.
        first.recv(100, 0).get();
        settle();
        assertThat(b.seen).containsExactly("pause");

        // Reading the first session frees the budget; the parked session resumes on its loop.
        first.recv(800, 0).get();
        settle();
        assertThat(b.seen).containsExactly("pause", "resume");
        assertThat(second.isPaused()).isFalse();
        assertThat(budget.used()).isEqualTo(300);
        assertThat(budget.parkedCount()).isZero();
    }

    @Test
    void dropOldestDropsItsOwnOldestFramesWhileTheBudgetIsSpent() throws Exception {
        BufferBudget budget = new BufferBudget(1_000, 0);
        Signals a = new Signals();
        Signals b = new Signals();
        ReceiveBuffer full = new ReceiveBuffer(10_000, 0, true, a, loop, budget);
        ReceiveBuffer dropping = new ReceiveBuffer(10_000, 0, true, b, loop, budget);
        full.append(bytes(600), 1);
        for (int i = 0; i < 5; i++) {
            dropping.append(bytes(100), i);
        }
        // 600 + 400 spends the budget: the fourth and the fifth frame each push out the oldest frame of the
        // buffer that appends, never a frame of the other session.
        assertThat(b.seen).containsExactly("dropped:1", "dropped:1");
        assertThat(dropping.bufferedFrames()).isEqualTo(3);
        assertThat(budget.used()).isEqualTo(900);
        assertThat(full.bufferedBytes()).isEqualTo(600);
        assertThat(b.seen).doesNotContain("pause");
    }

    @Test
    void everyWayOfConsumingGivesTheBudgetBack() throws Exception {
        BufferBudget budget = new BufferBudget(1_000_000, 0);
        ReceiveBuffer buf = new ReceiveBuffer(100_000, 96, false, new Signals(), loop, budget);
        for (int i = 1; i <= 4; i++) {
            buf.append(bytes(50), i);
        }
        assertThat(budget.used()).isEqualTo(4 * (50 + 96));
        buf.recv(75, 0).get();
        // One frame and half of the next taken: the whole first frame's overhead is free, the second's is not.
        assertThat(budget.used()).isEqualTo(3 * 96 + 125);
        buf.ack(2);
        assertThat(budget.used()).isEqualTo(2 * (50 + 96));
        buf.discard();
        assertThat(budget.used()).isZero();
        assertThat(buf.recv(10, 0).get().outcome()).isEqualTo(RecvResult.Outcome.EOF);
        buf.append(bytes(10), 9);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aBufferPausedByItsOwnLimitWaitsForTheBudgetWhenItDrainsWhileOthersHoldIt() throws Exception {
        BufferBudget budget = new BufferBudget(1_000, 0);
        Signals a = new Signals();
        ReceiveBuffer own = new ReceiveBuffer(400, 0, false, a, loop, budget);
        ReceiveBuffer other = new ReceiveBuffer(10_000, 0, false, new Signals(), loop, budget);
        own.append(bytes(400), 1);
        assertThat(a.seen).containsExactly("pause");
        other.append(bytes(800), 2);
        own.recv(250, 0).get();
        settle();
        // Half of its own buffer is free, but 950 of 1,000 are held (above the 900 low-water mark): it waits.
        assertThat(a.seen).containsExactly("pause");
        other.recv(500, 0).get();
        settle();
        assertThat(a.seen).containsExactly("pause", "resume");

        // With room in the budget, its own hysteresis alone decides.
        own.append(bytes(300), 3);
        assertThat(a.seen).containsExactly("pause", "resume", "pause");
        own.recv(250, 0).get();
        settle();
        assertThat(a.seen).containsExactly("pause", "resume", "pause", "resume");
    }

    @Test
    void aSessionUnderTheFloorKeepsReceivingSoReadingItAlwaysMakesProgress() throws Exception {
        BufferBudget budget = new BufferBudget(1_000, 200);
        Signals a = new Signals();
        ReceiveBuffer hog = new ReceiveBuffer(10_000, 0, false, new Signals(), loop, budget);
        ReceiveBuffer read = new ReceiveBuffer(10_000, 0, false, a, loop, budget);
        hog.append(bytes(1_200), 1);
        // The budget is spent by a session nobody reads; another still gets up to the floor.
        read.append(bytes(150), 2);
        assertThat(a.seen).isEmpty();
        read.append(bytes(100), 3);
        assertThat(a.seen).containsExactly("pause");
        // Its reader drains it under the floor: it resumes although the budget is still spent.
        read.recv(250, 0).get();
        settle();
        assertThat(a.seen).containsExactly("pause", "resume");
        assertThat(budget.exhausted()).isTrue();
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> new BufferBudget(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BufferBudget.of(0).limit()).isEqualTo(Runtime.getRuntime().maxMemory() / 5 * 2);
        assertThat(BufferBudget.of(4096).limit()).isEqualTo(4096);
    }
}
