package dev.fleetgateway.session.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.fleetgateway.session.codec.FramingSpec.Endian;
import dev.fleetgateway.session.codec.FramingSpec.Mode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;

class FrameDecodersTests {

    static FramingSpec spec(Mode mode, String delimiter, Boolean strip, Integer fixed, Integer lenLen, Integer offset,
            Integer adjust, Endian order, Boolean stripHeader, String max) {
        return new FramingSpec(mode, delimiter, strip, fixed, lenLen, offset, adjust, order, stripHeader,
                max == null ? null : DataSize.parse(max));
    }

    static List<String> feed(EmbeddedChannel ch, byte[]... chunks) {
        for (byte[] c : chunks) {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
        }
        List<String> out = new ArrayList<>();
        Object m;
        while ((m = ch.readInbound()) != null) {
            if (m instanceof byte[] frame) {
                out.add(ByteBufUtil.hexDump(frame));
            } else {
                ByteBuf b = (ByteBuf) m;
                out.add(ByteBufUtil.hexDump(b));
                b.release();
            }
        }
        return out;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String hex(String s) {
        return ByteBufUtil.hexDump(bytes(s));
    }

    @Test
    void rawPassesChunksAsTheyArriveAndCutsAtMaxFrameSize() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.RAW, null, null, null, null, null, null, null, null, "4B")));
        assertThat(feed(ch, bytes("1234567890"))).containsExactly(hex("1234"), hex("5678"), hex("90"));
        assertThat(feed(ch, bytes("ab"))).containsExactly(hex("ab"));
    }

    @Test
    void delimiterJoinsSplitFramesAndSplitsStickyOnes() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.DELIMITER, "\\r\\n", true, null, null, null, null, null, null, null)));
        assertThat(feed(ch, bytes("12345"), bytes("67890\r"), bytes("\nab\r\ncd\r\nef")))
                .containsExactly(hex("1234567890"), hex("ab"), hex("cd"));
        assertThat(feed(ch, bytes("\r\n"))).containsExactly(hex("ef"));
    }

    @Test
    void delimiterCanBeKeptAndGivenInHex() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.DELIMITER, "0x7E", false, null, null, null, null, null, null, null)));
        assertThat(feed(ch, new byte[] {1, 2, 0x7E, 3, 0x7E})).containsExactly("01027e", "037e");
    }

    @Test
    void delimiterFrameOverMaxSizeFails() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.DELIMITER, "\\n", true, null, null, null, null, null, null, "8B")));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(bytes("0123456789abcdef"))))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void fixedLengthCutsEveryNBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.FIXED, null, null, 3, null, null, null, null, null, null)));
        assertThat(feed(ch, bytes("ab"), bytes("cdefg"), bytes("hi"))).containsExactly(hex("abc"), hex("def"), hex("ghi"));
    }

    @Test
    void lengthFieldBigEndianStripsHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.LENGTH_FIELD, null, null, null, 2, 0, 0, Endian.BIG_ENDIAN, true, null)));
        byte[] two = {0, 3, 'a', 'b', 'c', 0, 1};
        assertThat(feed(ch, two, new byte[] {'z'})).containsExactly(hex("abc"), hex("z"));
    }

    @Test
    void lengthFieldLittleEndianWithOffsetAdjustmentKeepsHeader() {
        // header: 1 type byte, 4-byte LE length that counts the whole frame (so adjustment -5)
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.LENGTH_FIELD, null, null, null, 4, 1, -5, Endian.LITTLE_ENDIAN, false, null)));
        byte[] frame = {9, 7, 0, 0, 0, 'h', 'i'};
        assertThat(feed(ch, frame)).containsExactly("09070000006869");
    }

    @Test
    void lengthFieldOneByte() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.LENGTH_FIELD, null, null, null, 1, 0, 0, null, true, null)));
        assertThat(feed(ch, new byte[] {2, 'o'}, new byte[] {'k', 1, '!'})).containsExactly(hex("ok"), hex("!"));
    }

    @Test
    void lengthFieldOverMaxSizeFailsFast() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameDecoders.create(spec(Mode.LENGTH_FIELD, null, null, null, 2, 0, 0, null, true, "100B")));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 1})))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void validatesSpecs() {
        assertThat(spec(Mode.FIXED, null, null, null, null, null, null, null, null, null).validate()).contains("fixedLength");
        assertThat(spec(Mode.LENGTH_FIELD, null, null, null, 3, null, null, null, null, null).validate()).contains("1, 2 or 4");
        assertThat(spec(Mode.DELIMITER, "0xZZ", null, null, null, null, null, null, null, null).validate()).contains("hex");
        assertThat(spec(Mode.RAW, null, null, null, null, null, null, null, null, "32MB").validate()).contains("16MB");
        assertThat(FramingSpec.lines().validate()).isNull();
    }
}
