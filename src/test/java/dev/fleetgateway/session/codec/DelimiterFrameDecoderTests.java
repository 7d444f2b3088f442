package dev.fleetgateway.session.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;

class DelimiterFrameDecoderTests {

    static List<String> feed(EmbeddedChannel ch, String... chunks) {
        for (String c : chunks) {
            ch.writeInbound(Unpooled.copiedBuffer(c, StandardCharsets.ISO_8859_1));
        }
        List<String> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            out.add(new String((byte[]) m, StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    static EmbeddedChannel channel(int max, boolean strip, String delimiter) {
        return new EmbeddedChannel(new DelimiterFrameDecoder(max, strip, delimiter.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void findsAMultiByteDelimiterSplitAcrossReadsAndIgnoresPartialMatches() {
        EmbeddedChannel ch = channel(64, true, "\r\n");
        assertThat(feed(ch, "a\rb\r", "\nc\r", "\r\n")).containsExactly("a\rb", "c\r");
    }

    @Test
    void keepsTheDelimiterWhenAskedAndSkipsEmptyFramesWhenStripping() {
        assertThat(feed(channel(64, false, "|"), "ab||c|")).containsExactly("ab|", "|", "c|");
        assertThat(feed(channel(64, true, "|"), "ab||c|")).containsExactly("ab", "c");
    }

    @Test
    void aFrameOverTheLimitFailsAtOnceAndItsTailIsDiscardedUpToTheNextDelimiter() {
        EmbeddedChannel ch = channel(4, true, "\n");
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer("0123456", StandardCharsets.US_ASCII)))
                .isInstanceOf(TooLongFrameException.class);
        // The rest of the long frame is thrown away; decoding goes on after its delimiter.
        assertThat(feed(ch, "789", "ab\nok\n")).containsExactly("ok");
    }

    @Test
    void aCompleteFrameOverTheLimitFailsButTheFramesAfterItSurvive() {
        EmbeddedChannel ch = channel(4, true, "\n");
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.copiedBuffer("toolong\n", StandardCharsets.US_ASCII)))
                .isInstanceOf(TooLongFrameException.class);
        assertThat(feed(ch, "abcd\n")).containsExactly("abcd");
    }

    @Test
    void anIncompleteFrameWaitsForTheRest() {
        EmbeddedChannel ch = channel(64, true, "\n");
        assertThat(feed(ch, "par")).isEmpty();
        assertThat(feed(ch, "tial\nnext")).containsExactly("partial");
        assertThat(feed(ch, "\n")).containsExactly("next");
    }
}
