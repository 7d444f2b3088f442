package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import dev.fleetgateway.usocket.Errno;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;

/**
 * A session after the memory work of issue 18: its counters and receive buffer are parts of one object, the buffer
 * and frame listeners appear at first use, and how it ended is kept in one record. It behaves as before.
 */
class ModuleSessionTests {

    final DefaultEventLoop loop = new DefaultEventLoop();
    final List<ModuleSession> finished = new CopyOnWriteArrayList<>();
    final SessionProperties props = Binder.get(new MockEnvironment())
            .bindOrCreate("gateway.modules", SessionProperties.class);
    final SessionSettings settings = SessionSettings.of(props, BufferBudget.unlimited(),
            new SessionMetrics(new SimpleMeterRegistry()), finished::add, s -> { });
    final ModuleSession session = new ModuleSession("s-1", Direction.INBOUND, SessionState.OPEN, loop, settings);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void onLoop(Runnable r) throws Exception {
        loop.submit(r).get(5, TimeUnit.SECONDS);
    }

    @Test
    void anIdleSessionHasNoReceiveBufferAndReportsAnEmptyOne() {
        SessionStats st = session.stats();

        assertThat(session.bufferIfAny()).isNull();
        assertThat(st.bufferedBytes()).isZero();
        assertThat(st.bufferedFrames()).isZero();
        assertThat(st.lastSeq()).isZero();
        assertThat(st.readingPaused()).isFalse();
        assertThat(session.ack(10)).isZero();
        assertThat(session.bufferIfAny()).as("stats and ack allocate no buffer").isNull();
    }

    @Test
    void framesArrivingAfterTheLazyBufferAppearsAreHeldInOrder() throws Exception {
        onLoop(() -> {
            session.onFrame(b("one"));
            session.onFrame(b("two"));
            session.onFrame(b("three"));
        });

        FrameBatch batch = session.read(0, 10, 0).get(5, TimeUnit.SECONDS);
        assertThat(batch.frames()).extracting(f -> new String(f.data(), StandardCharsets.UTF_8))
                .containsExactly("one", "two", "three");
        assertThat(batch.frames()).extracting(Frame::seq).containsExactly(1L, 2L, 3L);
        assertThat(new String(session.recv(100, 0).get(5, TimeUnit.SECONDS).data(), StandardCharsets.UTF_8))
                .isEqualTo("onetwothree");
        SessionStats st = session.stats();
        assertThat(st.framesIn()).isEqualTo(3);
        assertThat(st.bytesIn()).isEqualTo(11);
        assertThat(st.lastSeq()).isEqualTo(3);
    }

    @Test
    void aReaderWaitingBeforeTheFirstFrameGetsIt() throws Exception {
        CompletableFuture<RecvResult> waiting = session.recv(100, 5_000);

        onLoop(() -> session.onFrame(b("hello")));

        RecvResult r = waiting.get(5, TimeUnit.SECONDS);
        assertThat(r.outcome()).isEqualTo(RecvResult.Outcome.DATA);
        assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void aWaitingReaderSeesEofWhenTheSessionEnds() throws Exception {
        CompletableFuture<RecvResult> waiting = session.recv(100, 5_000);

        onLoop(() -> session.finish(CloseReason.CLIENT_CLOSED, null));

        assertThat(waiting.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(RecvResult.Outcome.EOF);
    }

    @Test
    void aReaderOfAnEndedSessionThatNeverReceivedSeesEof() throws Exception {
        onLoop(() -> session.finish(CloseReason.CLIENT_CLOSED, null));

        assertThat(session.recv(100, 5_000).get(5, TimeUnit.SECONDS).outcome()).isEqualTo(RecvResult.Outcome.EOF);
        assertThat(session.read(0, 10, 5_000).get(5, TimeUnit.SECONDS).eof()).isTrue();
    }

    @Test
    void aSubscriberBeforeTheFirstFrameGetsEveryFrameOnce() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        session.subscribe(0L, f -> seen.add(f.seq()), () -> seen.add(-1L));
        onLoop(() -> {
            session.onFrame(b("a"));
            session.onFrame(b("b"));
        });

        assertThat(seen).containsExactly(1L, 2L);
    }

    @Test
    void endsOnceWithTheFirstReasonNotedAndItsError() throws Exception {
        session.noteError(CloseReason.RESET, Errno.ECONNRESET);
        session.noteError(CloseReason.ERROR, null);

        onLoop(session::onInactive);
        onLoop(() -> session.finish(CloseReason.SHUTDOWN, null));

        assertThat(finished).containsExactly(session);
        assertThat(session.isClosed()).isTrue();
        assertThat(session.closeReason()).isEqualTo(CloseReason.RESET);
        assertThat(session.errno()).isEqualTo(Errno.ECONNRESET);
        assertThat(session.closedAt()).isNotNull();
    }

    @Test
    void anOutboundSessionReportsItsLastDialErrorWhileBackingOff() {
        ModuleSession out = new ModuleSession("s-2", Direction.OUTBOUND, SessionState.RESOLVING, loop, settings);
        out.redialWith(new Redial() {
            @Override
            public void afterClose(CloseReason reason, Errno errno) {
            }

            @Override
            public void cancel() {
            }
        });
        out.dialling();
        out.backingOff(java.time.Instant.now().plusSeconds(1), Errno.ECONNREFUSED);

        assertThat(out.state()).isEqualTo(SessionState.BACKOFF);
        assertThat(out.errno()).isEqualTo(Errno.ECONNREFUSED);
        assertThat(out.closeReason()).isNull();
        assertThat(out.connectAttempts()).isEqualTo(1);
    }
}
