package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.util.concurrent.DefaultEventExecutor;

class ReceiveBufferTests {

    final DefaultEventExecutor timers = new DefaultEventExecutor();
    final List<String> signals = new ArrayList<>();

    final ReceiveBuffer.Listener listener = new ReceiveBuffer.Listener() {
        @Override
        public void pause() {
            signals.add("pause");
        }

        @Override
        public void resume() {
            signals.add("resume");
        }

        @Override
        public void dropped(int frames, long bytes) {
            signals.add("dropped:" + frames + ":" + bytes);
        }
    };

    @AfterEach
    void stop() {
        timers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(RecvResult r) {
        return new String(r.data(), StandardCharsets.UTF_8);
    }

    @Test
    void recvSplitsAndJoinsFramesLikeAByteStream() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        buf.append(b("1234567890\r\n"), 1);
        buf.append(b("ab"), 2);
        assertThat(s(buf.recv(5, 0).get())).isEqualTo("12345");
        assertThat(s(buf.recv(100, 0).get())).isEqualTo("67890\r\nab");
        assertThat(buf.recv(10, 0).get().outcome()).isEqualTo(RecvResult.Outcome.WOULD_BLOCK);
    }

    @Test
    void waitingRecvIsCompletedByTheNextFrame() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        CompletableFuture<RecvResult> waiting = buf.recv(1024, 5_000);
        assertThat(waiting).isNotDone();
        buf.append(b("0123456789"), 1);
        assertThat(s(waiting.get(1, TimeUnit.SECONDS))).isEqualTo("0123456789");
    }

    @Test
    void recvTimesOutWithoutData() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        assertThat(buf.recv(10, 50).get(2, TimeUnit.SECONDS).outcome()).isEqualTo(RecvResult.Outcome.TIMEOUT);
    }

    @Test
    void reportsEndOfStreamOnlyAfterDraining() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        CompletableFuture<RecvResult> waiting = buf.recv(10, 5_000);
        buf.append(b("last"), 1);
        buf.close();
        assertThat(s(waiting.get())).isEqualTo("last");
        assertThat(buf.recv(10, 5_000).get().outcome()).isEqualTo(RecvResult.Outcome.EOF);

        ReceiveBuffer other = new ReceiveBuffer(1024, false, listener, timers);
        CompletableFuture<RecvResult> blocked = other.recv(10, 5_000);
        other.close();
        assertThat(blocked.get(1, TimeUnit.SECONDS).outcome()).isEqualTo(RecvResult.Outcome.EOF);
    }

    @Test
    void cursorReadIsRepeatableUntilAcknowledged() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        buf.append(b("a"), 1);
        buf.append(b("b"), 2);
        buf.append(b("c"), 3);
        FrameBatch first = buf.read(0, 2, 0).get();
        assertThat(first.frames()).extracting(Frame::seq).containsExactly(1L, 2L);
        // the response was "lost": the same read again gives the same frames
        assertThat(buf.read(0, 2, 0).get().frames()).extracting(Frame::seq).containsExactly(1L, 2L);
        assertThat(buf.ack(2)).isEqualTo(2);
        FrameBatch rest = buf.read(2, 10, 0).get();
        assertThat(rest.frames()).extracting(Frame::seq).containsExactly(3L);
        assertThat(rest.firstSeq()).isEqualTo(3);
        assertThat(rest.lastSeq()).isEqualTo(3);
        assertThat(buf.bufferedBytes()).isEqualTo(1);
    }

    @Test
    void longPollingCursorReadWakesOnNewFrame() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        CompletableFuture<FrameBatch> poll = buf.read(0, 10, 5_000);
        assertThat(poll).isNotDone();
        buf.append(b("x"), 1);
        assertThat(poll.get(1, TimeUnit.SECONDS).frames()).hasSize(1);
        assertThat(buf.read(1, 10, 50).get(2, TimeUnit.SECONDS).frames()).isEmpty();
    }

    @Test
    void pausesWhenFullAndResumesWhenHalfDrained() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(10, false, listener, timers);
        buf.append(b("12345"), 1);
        buf.append(b("67890"), 2);
        assertThat(signals).containsExactly("pause");
        assertThat(buf.isPaused()).isTrue();
        buf.recv(4, 0).get();
        assertThat(buf.isPaused()).isTrue();
        buf.recv(2, 0).get();
        assertThat(buf.isPaused()).isFalse();
        timers.submit(() -> { }).get();
        assertThat(signals).containsExactly("pause", "resume");
    }

    @Test
    void dropOldestKeepsWithinCapacityAndCountsDrops() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(10, true, listener, timers);
        buf.append(b("aaaa"), 1);
        buf.append(b("bbbb"), 2);
        buf.append(b("cccc"), 3);
        assertThat(buf.bufferedBytes()).isEqualTo(8);
        assertThat(signals).containsExactly("dropped:1:4");
        assertThat(s(buf.recv(100, 0).get())).isEqualTo("bbbbcccc");
    }

    @Test
    void countsPerFrameOverheadAgainstTheCapacity() throws Exception {
        // 11 one-byte frames hold 11 bytes of payload but ~1 KB of heap: the bound is on the heap.
        ReceiveBuffer buf = new ReceiveBuffer(1000, 96, false, listener, timers);
        for (int i = 0; i < 10; i++) {
            buf.append(b("x"), i);
        }
        assertThat(signals).isEmpty();
        buf.append(b("x"), 10);
        assertThat(signals).containsExactly("pause");
        assertThat(buf.bufferedBytes()).isEqualTo(11);
        buf.recv(6, 0).get();
        timers.submit(() -> { }).get();
        assertThat(signals).containsExactly("pause", "resume");

        ReceiveBuffer dropping = new ReceiveBuffer(1000, 96, true, listener, timers);
        for (int i = 0; i < 20; i++) {
            dropping.append(b("y"), i);
        }
        assertThat(dropping.bufferedFrames()).isEqualTo(10);
    }

    @Test
    void boundsTheNumberOfWaitingReaders() {
        ReceiveBuffer buf = new ReceiveBuffer(10, false, listener, timers);
        for (int i = 0; i < ReadWaiters.MAX; i++) {
            buf.recv(1, 60_000);
        }
        assertThat(buf.recv(1, 60_000)).isCompletedExceptionally();
    }

    @Test
    void recvTellsWhichFramesItsBytesCameFrom() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        buf.append(b("three"), 1);
        buf.append(b("four"), 2);
        buf.append(b("five"), 3);
        RecvResult first = buf.recv(7, 0).get();
        assertThat(s(first)).isEqualTo("threefo");
        assertThat(first.pieces()).containsExactly(new RecvResult.Piece(1, 1, 5, true),
                new RecvResult.Piece(2, 2, 2, false));
        RecvResult rest = buf.recv(100, 0).get();
        assertThat(s(rest)).isEqualTo("urfive");
        assertThat(rest.pieces()).containsExactly(new RecvResult.Piece(2, 2, 2, true),
                new RecvResult.Piece(3, 3, 4, true));
    }

    @Test
    void dataPutBackIsReadAgainUnderTheSameSequenceNumbers() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        buf.append(b("three"), 1);
        buf.append(b("four"), 2);
        buf.append(b("five"), 3);
        buf.recv(2, 0).get(); // "th" delivered
        RecvResult lost = buf.recv(5, 0).get(); // "reefo": its reader could not deliver it
        assertThat(s(lost)).isEqualTo("reefo");
        lost.putBack();
        lost.putBack(); // once only

        FrameBatch again = buf.read(0, 10, 0).get();
        assertThat(again.frames()).extracting(Frame::seq).containsExactly(1L, 2L, 3L);
        assertThat(again.frames()).extracting(f -> new String(f.data(), StandardCharsets.UTF_8))
                .containsExactly("ree", "four", "five");
        assertThat(buf.bufferedBytes()).isEqualTo(11);
        assertThat(s(buf.recv(100, 0).get())).isEqualTo("reefourfive");
    }

    @Test
    void putBackServesAWaitingReader() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        buf.append(b("hello"), 1);
        RecvResult lost = buf.recv(100, 0).get();
        CompletableFuture<RecvResult> next = buf.recv(100, 5_000);
        lost.putBack();
        assertThat(s(next.get(2, TimeUnit.SECONDS))).isEqualTo("hello");
    }

    @Test
    void aReaderThatGaveUpFreesItsPlaceAndTakesNothing() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        CompletableFuture<RecvResult> gone = buf.recv(100, 60_000);
        CompletableFuture<FrameBatch> goneCursor = buf.read(0, 10, 60_000);
        assertThat(buf.waiting()).isEqualTo(2);
        gone.cancel(false);
        goneCursor.cancel(false);
        assertThat(buf.waiting()).isZero();

        buf.append(b("kept"), 1);
        assertThat(s(buf.recv(100, 0).get())).isEqualTo("kept");
    }

    @Test
    void abandonedWaitsNeverFillThePlacesOfRealReaders() throws Exception {
        ReceiveBuffer buf = new ReceiveBuffer(1024, false, listener, timers);
        for (int i = 0; i < 300; i++) {
            buf.recv(100, 60_000).cancel(false);
        }
        CompletableFuture<RecvResult> real = buf.recv(100, 5_000);
        buf.append(b("for you"), 1);
        assertThat(s(real.get(2, TimeUnit.SECONDS))).isEqualTo("for you");
    }
}
