package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;

/** socket.send on a channel: the count once flushed; a write not flushed in time is pending, never withdrawn. */
class ChannelSendsTests {

    // SessionCounters is ModuleSession's base class since the memory work of issue 18: a bare subclass counts here.
    private final SessionCounters counters = new SessionCounters(new SessionSettings(10_000, 1024, false,
            BufferBudget.unlimited(), new SessionMetrics(new SimpleMeterRegistry()), s -> { }, s -> { })) { };

    @Test
    void aFlushedSendAnswersItsCountAndLeavesNoTimerBehind() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<Integer> sent = ChannelSends.send(ch, bytes("hello"), 10_000, counters);
        ch.runPendingTasks();

        assertThat(sent).isCompletedWithValue(5);
        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        out.release();
        // No send timeout was armed for a write that flushed at once (issue 18: the timer cost every send).
        assertThat(ch.runScheduledPendingTasks()).isEqualTo(-1);
        ch.finishAndReleaseAll();
    }

    @Test
    void aWriteNotFlushedInTimeIsPendingAndCompletesWhenFlushed() {
        Held held = new Held();
        EmbeddedChannel ch = new EmbeddedChannel(held);
        ch.freezeTime();
        CompletableFuture<Integer> sent = ChannelSends.send(ch, bytes("late"), 500, counters);
        ch.runPendingTasks();
        assertThat(sent).isNotDone();

        ch.advanceTimeBy(499, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(sent).isNotDone();
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();

        assertThat(sent).isCompletedExceptionally();
        SendException timeout = (SendException) sent.handle((n, t) -> t instanceof CompletionException c
                ? c.getCause() : t).join();
        assertThat(timeout.failure()).isEqualTo(SendException.Failure.TIMEOUT);
        assertThat(timeout.pending()).isNotDone();
        held.promise.setSuccess();
        assertThat(timeout.pending()).isCompletedWithValue(4);
        ch.finishAndReleaseAll();
    }

    @Test
    void aSendToAChannelThatFailsTheWriteFails() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ((ByteBuf) msg).release();
                promise.setFailure(new java.io.IOException("Connection reset by peer"));
            }
        });
        CompletableFuture<Integer> sent = ChannelSends.send(ch, bytes("x"), 10_000, counters);
        ch.runPendingTasks();

        assertThat(sent).isCompletedExceptionally();
        SendException failed = (SendException) sent.handle((n, t) -> t instanceof CompletionException c
                ? c.getCause() : t).join();
        assertThat(failed.failure()).isEqualTo(SendException.Failure.FAILED);
        assertThat(ch.runScheduledPendingTasks()).isEqualTo(-1);
        ch.finishAndReleaseAll();
    }

    /** Holds the write's promise, as a socket that takes nothing would. */
    private static final class Held extends ChannelOutboundHandlerAdapter {
        ChannelPromise promise;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ((ByteBuf) msg).release();
            this.promise = promise;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
