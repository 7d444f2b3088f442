package dev.fleetgateway.session.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;

class HelloHandlerTests {

    static final Pattern DEFAULT = Pattern.compile("^IMEI:(?<key>[0-9A-Za-z_.:-]{1,64})\\r?$");

    final List<String> events = new ArrayList<>();

    HelloHandler.Verdict outcome(boolean accept) {
        return new HelloHandler.Verdict() {
            @Override
            public boolean identified(ChannelHandlerContext ctx, HelloHandler.Hello hello) {
                events.add("identified:" + hello.key()
                        + (hello.token() != null ? " token:" + hello.token() : "")
                        + (hello.hmac() != null ? " hmac:" + hello.hmac() : "")
                        + (hello.nonce() != null ? " nonce:" + hello.nonce() : ""));
                return accept;
            }

            @Override
            public boolean anonymous(ChannelHandlerContext ctx) {
                events.add("anonymous");
                return accept;
            }

            @Override
            public void rejected(ChannelHandlerContext ctx, boolean timeout) {
                events.add(timeout ? "rejected:timeout" : "rejected:invalid");
                ctx.close();
            }
        };
    }

    EmbeddedChannel channel(boolean required, long timeoutMillis) {
        return new EmbeddedChannel(new HelloHandler(DEFAULT, required, timeoutMillis, 128, outcome(true)));
    }

    static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readInbound()) != null) {
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void consumesMatchingHelloAndPassesTheRest() {
        EmbeddedChannel ch = channel(false, 10_000);
        ch.writeInbound(buf("IMEI:866327040123456\r\nhello"));
        assertThat(events).containsExactly("identified:866327040123456");
        assertThat(drain(ch)).isEqualTo("hello");
        assertThat(ch.pipeline().get(HelloHandler.class)).isNull();
    }

    @Test
    void waitsForAHelloSplitAcrossReads() {
        EmbeddedChannel ch = channel(false, 10_000);
        ch.writeInbound(buf("IME"));
        ch.writeInbound(buf("I:abc"));
        assertThat(events).isEmpty();
        assertThat(drain(ch)).isEmpty();
        ch.writeInbound(buf("\r\n"));
        assertThat(events).containsExactly("identified:abc");
    }

    @Test
    void passesSeedDataAtOnceWhenItCannotBeAHello() {
        EmbeddedChannel ch = channel(false, 10_000);
        ch.writeInbound(buf("12345"));
        assertThat(events).containsExactly("anonymous");
        assertThat(drain(ch)).isEqualTo("12345");
        ch.writeInbound(buf("67890\r\n"));
        assertThat(drain(ch)).isEqualTo("67890\r\n");
    }

    @Test
    void treatsANonMatchingFirstLineAsData() {
        EmbeddedChannel ch = channel(false, 10_000);
        ch.writeInbound(buf("IMEI:bad key\r\nmore"));
        assertThat(events).containsExactly("anonymous");
        assertThat(drain(ch)).isEqualTo("IMEI:bad key\r\nmore");
    }

    @Test
    void treatsATooLongLineAsData() {
        EmbeddedChannel ch = channel(false, 10_000);
        String longKey = "IMEI:" + "1".repeat(200);
        ch.writeInbound(buf(longKey));
        assertThat(events).containsExactly("anonymous");
        assertThat(drain(ch)).isEqualTo(longKey);
    }

    @Test
    void becomesAnonymousWhenNothingComesInTime() throws Exception {
        EmbeddedChannel ch = channel(false, 50);
        ch.writeInbound(buf("IMEI:12"));
        Thread.sleep(80);
        ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).containsExactly("anonymous");
        assertThat(drain(ch)).isEqualTo("IMEI:12");
    }

    @Test
    void dropsModuleThatNeverSaysHelloWhenRequired() throws Exception {
        EmbeddedChannel ch = channel(true, 50);
        ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(events).containsExactly("rejected:timeout");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void rejectsOtherDataWhenHelloRequired() {
        EmbeddedChannel ch = channel(true, 10_000);
        ch.writeInbound(buf("1234567890\r\n"));
        assertThat(events).containsExactly("rejected:invalid");
        assertThat(drain(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void dropsTheRestWhenTheBindingIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new HelloHandler(DEFAULT, false, 10_000, 128, outcome(false)));
        ch.writeInbound(buf("IMEI:dup\nsecret"));
        assertThat(events).containsExactly("identified:dup");
        assertThat(drain(ch)).isEmpty();
    }

    /** The default pattern of gateway.modules.hello.pattern. */
    static final Pattern WITH_PROOF = Pattern.compile("^IMEI:(?<key>[0-9A-Za-z_.:-]{1,64})"
            + "(?:;TOKEN:(?<token>[0-9A-Za-z_.~+/=-]{16,128})|;HMAC:(?<hmac>[0-9A-Fa-f]{64}))?\\r?$");

    @Test
    void passesTheTokenOfAHelloThatCarriesOne() {
        EmbeddedChannel ch = new EmbeddedChannel(new HelloHandler(WITH_PROOF, false, 10_000, 256, outcome(true)));
        ch.writeInbound(buf("IMEI:866327040123456;TOKEN:abcdefghijklmnop_-0123\r\nrest"));
        assertThat(events).containsExactly("identified:866327040123456 token:abcdefghijklmnop_-0123");
        assertThat(drain(ch)).isEqualTo("rest");
    }

    @Test
    void sendsANonceFirstAndPassesItWithTheHmacAnswer() {
        String hmac = "ab".repeat(32);
        EmbeddedChannel ch = new EmbeddedChannel(
                new HelloHandler(WITH_PROOF, false, 10_000, 256, outcome(true), () -> "00ff"));
        ByteBuf sent = ch.readOutbound();
        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo("NONCE:00ff\r\n");
        sent.release();
        ch.writeInbound(buf("IMEI:m-1;HMAC:" + hmac + "\r\n"));
        assertThat(events).containsExactly("identified:m-1 hmac:" + hmac + " nonce:00ff");
    }

    @Test
    void sendsTheNonceOnceWhenAddedBehindAFinishedTlsHandshake() {
        EmbeddedChannel ch = new EmbeddedChannel(); // already active, as after a TLS handshake
        ch.pipeline().addLast(new HelloHandler(WITH_PROOF, false, 10_000, 256, outcome(true), () -> "0a0b"));
        ByteBuf sent = ch.readOutbound();
        assertThat(sent.toString(StandardCharsets.US_ASCII)).isEqualTo("NONCE:0a0b\r\n");
        sent.release();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.writeInbound(buf("IMEI:m-3;HMAC:" + "cd".repeat(32) + "\r\n"));
        assertThat(events).containsExactly("identified:m-3 hmac:" + "cd".repeat(32) + " nonce:0a0b");
    }

    @Test
    void aHelloWithoutProofStillIdentifiesUnderTheDefaultPattern() {
        EmbeddedChannel ch = new EmbeddedChannel(new HelloHandler(WITH_PROOF, false, 10_000, 256, outcome(true)));
        ch.writeInbound(buf("IMEI:m-2\r\n"));
        assertThat(events).containsExactly("identified:m-2");
    }

    @Test
    void dropsDataOfAnAnonymousSessionThatIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new HelloHandler(DEFAULT, false, 10_000, 128, outcome(false)));
        ch.writeInbound(buf("1234567890\r\n"));
        assertThat(events).containsExactly("anonymous");
        assertThat(drain(ch)).isEmpty();
    }
}
