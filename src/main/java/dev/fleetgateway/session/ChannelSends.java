package dev.fleetgateway.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.fleetgateway.usocket.Errno;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

/** {@code socket.send} on a channel: the count once the bytes are flushed, or why not. */
final class ChannelSends {

    private ChannelSends() {
    }

    /**
     * Writes and flushes; fails fast with {@link SendException} when the module is not reading (the channel is
     * not writable), and with a timeout when the flush does not happen in time.
     */
    static CompletableFuture<Integer> send(Channel ch, byte[] data, long timeoutMillis, SessionCounters counters) {
        if (!ch.isWritable()) {
            return CompletableFuture.failedFuture(new SendException(SendException.Failure.NOT_READING, null,
                    "The module is not reading: " + ch.bytesBeforeWritable() + " bytes must drain before more can be sent"));
        }
        CompletableFuture<Integer> result = new CompletableFuture<>();
        int length = data.length;
        ch.writeAndFlush(Unpooled.wrappedBuffer(data)).addListener(f -> {
            if (f.isSuccess()) {
                counters.sent(length);
                result.complete(length);
            } else {
                result.completeExceptionally(new SendException(SendException.Failure.FAILED, Errno.of(f.cause()),
                        "Send failed: " + f.cause().getMessage()));
            }
        });
        return result.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).exceptionallyCompose(t -> {
            if (t instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new SendException(SendException.Failure.TIMEOUT, Errno.ETIMEDOUT,
                        "Send not flushed within " + timeoutMillis + " ms"));
            }
            return CompletableFuture.failedFuture(t);
        });
    }
}
