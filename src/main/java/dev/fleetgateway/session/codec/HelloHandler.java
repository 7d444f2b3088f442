package dev.fleetgateway.session.codec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Identifies a module by its first line. Bytes are held only while they can still become a hello line
 * (the pattern has not failed yet, no newline, at most {@code maxLength}); as soon as they cannot, they are
 * passed on as ordinary data, so a module that never says hello (the seed's {@code 1234567890\r\n}) is
 * never delayed. A matched line is consumed. With {@code required}, anything but a hello closes the session.
 */
public final class HelloHandler extends ChannelInboundHandlerAdapter {

    /** What the handler decided; the session side acts on it. */
    public interface Verdict {
        /** The line matched: bind the session to this key. Returns false if the binding was refused. */
        boolean identified(ChannelHandlerContext ctx, String key);

        /** No hello: the session stays anonymous. */
        void anonymous(ChannelHandlerContext ctx);

        /** Hello is required and the module sent something else ({@code timeout=false}) or nothing in time. */
        void rejected(ChannelHandlerContext ctx, boolean timeout);
    }

    private final Pattern pattern;
    private final boolean required;
    private final long timeoutMillis;
    private final int maxLength;
    private final Verdict outcome;
    private ByteBuf held;
    private ScheduledFuture<?> timer;
    private boolean decided;

    public HelloHandler(Pattern pattern, boolean required, long timeoutMillis, int maxLength, Verdict outcome) {
        this.pattern = pattern;
        this.required = required;
        this.timeoutMillis = timeoutMillis;
        this.maxLength = maxLength;
        this.outcome = outcome;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added to a connection already up (behind a TLS handshake): the hello clock starts now.
        if (ctx.channel().isActive()) {
            startTimer(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startTimer(ctx);
        super.channelActive(ctx);
    }

    private void startTimer(ChannelHandlerContext ctx) {
        if (timeoutMillis > 0 && timer == null && !decided) {
            timer = ctx.executor().schedule(() -> onTimeout(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || !(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (held == null) {
            held = ctx.alloc().buffer(Math.min(maxLength + 2, 256));
        }
        int room = maxLength + 1 - held.readableBytes();
        int take = Math.min(room, in.readableBytes());
        held.writeBytes(in, take);
        evaluate(ctx, in);
    }

    // Decides on the bytes held so far; `rest` holds bytes beyond what was copied into `held`.
    private void evaluate(ChannelHandlerContext ctx, ByteBuf rest) {
        int nl = held.indexOf(held.readerIndex(), held.writerIndex(), (byte) '\n');
        if (nl >= 0 && nl - held.readerIndex() <= maxLength) {
            String line = held.toString(held.readerIndex(), nl - held.readerIndex(), StandardCharsets.ISO_8859_1);
            Matcher m = pattern.matcher(line);
            if (m.matches()) {
                String key = m.group("key");
                held.readerIndex(nl + 1);
                decide(ctx);
                if (outcome.identified(ctx, key)) {
                    forward(ctx, rest);
                } else {
                    release(rest);
                }
                return;
            }
            notHello(ctx, rest);
            return;
        }
        String sofar = held.toString(StandardCharsets.ISO_8859_1);
        Matcher m = pattern.matcher(sofar);
        boolean couldStillMatch = m.matches() || m.hitEnd();
        if (!couldStillMatch || held.readableBytes() > maxLength) {
            notHello(ctx, rest);
            return;
        }
        // Still a possible hello prefix: wait for more bytes (rest is empty here since held had room).
        release(rest);
    }

    private void notHello(ChannelHandlerContext ctx, ByteBuf rest) {
        decide(ctx);
        if (required) {
            release(rest);
            outcome.rejected(ctx, false);
            return;
        }
        outcome.anonymous(ctx);
        forward(ctx, rest);
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (decided) {
            return;
        }
        decide(ctx);
        if (required) {
            outcome.rejected(ctx, true);
        } else {
            outcome.anonymous(ctx);
            forward(ctx, null);
        }
    }

    private void decide(ChannelHandlerContext ctx) {
        decided = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    // Passes what was held and what is left of the current read down the pipeline, then steps aside.
    private void forward(ChannelHandlerContext ctx, ByteBuf rest) {
        ByteBuf h = held;
        held = null;
        if (h != null && h.isReadable()) {
            ctx.fireChannelRead(h);
        } else if (h != null) {
            h.release();
        }
        if (rest != null && rest.isReadable()) {
            ctx.fireChannelRead(rest);
        } else {
            release(rest);
        }
        if (ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    private static void release(ByteBuf b) {
        if (b != null && b.refCnt() > 0) {
            b.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held != null) {
            held.release();
            held = null;
        }
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
