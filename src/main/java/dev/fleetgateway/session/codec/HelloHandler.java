package dev.fleetgateway.session.codec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Besides {@code key} the pattern may have the named groups {@code token} and {@code hmac} (a proof of the
 * module's credential); with a challenge the handler first sends {@code NONCE:<hex>\r\n}, which the HMAC
 * answers.
 */
public final class HelloHandler extends ChannelInboundHandlerAdapter {

    /**
     * A hello line as the module sent it.
     *
     * @param key the module key it claims
     * @param token the token it proves, or null
     * @param hmac the hex HMAC of the nonce it proves, or null
     * @param nonce the challenge this session was sent, or null
     */
    public record Hello(String key, String token, String hmac, String nonce) {
    }

    /** What the handler decided; the session side acts on it. */
    public interface Verdict {
        /** The line matched: bind the session to its key. Returns false if the binding was refused. */
        boolean identified(ChannelHandlerContext ctx, Hello hello);

        /** No hello: the session stays anonymous. Returns false if anonymous sessions are refused. */
        boolean anonymous(ChannelHandlerContext ctx);

        /** Hello is required and the module sent something else ({@code timeout=false}) or nothing in time. */
        void rejected(ChannelHandlerContext ctx, boolean timeout);
    }

    private final Pattern pattern;
    private final boolean required;
    private final long timeoutMillis;
    private final int maxLength;
    private final Verdict outcome;
    private final Supplier<String> challenge;
    private String nonce;
    private ByteBuf held;
    private ScheduledFuture<?> timer;
    private boolean decided;

    public HelloHandler(Pattern pattern, boolean required, long timeoutMillis, int maxLength, Verdict outcome) {
        this(pattern, required, timeoutMillis, maxLength, outcome, null);
    }

    /** With a challenge: {@code challenge} makes the nonce each session is sent before its hello. */
    public HelloHandler(Pattern pattern, boolean required, long timeoutMillis, int maxLength, Verdict outcome,
            Supplier<String> challenge) {
        this.pattern = pattern;
        this.required = required;
        this.timeoutMillis = timeoutMillis;
        this.maxLength = maxLength;
        this.outcome = outcome;
        this.challenge = challenge;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added to a connection already up (behind a TLS handshake): challenge and hello clock start now.
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        begin(ctx);
        super.channelActive(ctx);
    }

    // Once per connection, when it is up: the challenge goes out first, then the hello clock starts.
    private void begin(ChannelHandlerContext ctx) {
        if (challenge != null && nonce == null && !decided) {
            nonce = challenge.get();
            ctx.writeAndFlush(ctx.alloc().buffer(nonce.length() + 8)
                    .writeBytes(("NONCE:" + nonce + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
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
                Hello hello = new Hello(m.group("key"), group(m, "token"), group(m, "hmac"), nonce);
                held.readerIndex(nl + 1);
                decide(ctx);
                if (outcome.identified(ctx, hello)) {
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

    // A pattern need not have the proof groups (a site's own hello line may carry the key only).
    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException noSuchGroup) {
            return null;
        }
    }

    private void notHello(ChannelHandlerContext ctx, ByteBuf rest) {
        decide(ctx);
        if (required) {
            release(rest);
            outcome.rejected(ctx, false);
            return;
        }
        if (outcome.anonymous(ctx)) {
            forward(ctx, rest);
        } else {
            release(rest);
        }
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (decided) {
            return;
        }
        decide(ctx);
        if (required) {
            outcome.rejected(ctx, true);
        } else if (outcome.anonymous(ctx)) {
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
