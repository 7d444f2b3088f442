package dev.fleetgateway.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.fleetgateway.usocket.Errno;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;

/** {@code socket.send} on a channel: the count once the bytes are flushed, or why not. */
final class ChannelSends {

    private ChannelSends() {
    }

    /**
     * Writes and flushes. Fails fast with {@link SendException.Failure#NOT_READING} when the module is not
     * reading (the channel is not writable): then nothing was written. Once written, bytes are never withdrawn
     * (Netty cannot take back a flushed write, and the kernel may hold part of it already), so a flush that
     * does not happen in time fails with {@link SendException.Failure#TIMEOUT} carrying the write, which stays
     * pending: it completes when the module reads, or fails when the session ends.
     */
    static CompletableFuture<Integer> send(Channel ch, byte[] data, long timeoutMillis, SessionCounters counters) {
        if (!ch.isWritable()) {
            return CompletableFuture.failedFuture(new SendException(SendException.Failure.NOT_READING, null,
                    "The module is not reading: " + ch.bytesBeforeWritable() + " bytes must drain before more can be sent"));
        }
        CompletableFuture<Integer> written = new CompletableFuture<>();
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        int length = data.length;
        // Written from the caller's thread so that Netty counts the bytes against the channel's write-buffer mark
        // at once (the not-reading check above then sees sends queued but not yet run). The send timeout is armed
        // from a task queued behind the write on the channel's event loop: a module that is reading has taken the
        // bytes by then, so the usual send needs no timer at all (no lock shared by every request thread, as the
        // JDK's orTimeout scheduler has: issue 18).
        written.whenComplete((n, t) -> {
            if (t == null) {
                answer.complete(n);
            } else {
                answer.completeExceptionally(t);
            }
        });
        ch.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(f -> {
            if (f.isSuccess()) {
                counters.sent(length);
                written.complete(length);
            } else {
                written.completeExceptionally(new SendException(SendException.Failure.FAILED,
                        Errno.of(f.cause()), "Send failed: " + f.cause().getMessage()));
            }
        });
        if (written.isDone()) {
            return answer;
        }
        Runnable armTimer = () -> {
            if (!written.isDone()) {
                ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
                    answer.completeExceptionally(new SendException(SendException.Failure.TIMEOUT, Errno.ETIMEDOUT,
                            "Send not flushed within " + timeoutMillis + " ms; the bytes are written to the session "
                                    + "and still pending: the module gets them when it reads (do not send them again)",
                            written));
                }, timeoutMillis, TimeUnit.MILLISECONDS);
                written.whenComplete((n, t) -> timer.cancel(false));
            }
        };
        try {
            ch.eventLoop().execute(armTimer);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down: the write fails with the channel's close, which completes the answer.
        }
        return answer;
    }

    /** Bytes written to the channel and not yet taken by the socket (0 once closed). */
    static long pendingBytes(Channel ch) {
        ChannelOutboundBuffer out = ch == null ? null : ch.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }
}
