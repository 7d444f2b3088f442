package dev.fleetgateway.session.codec;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DelimiterBasedFrameDecoder;

/**
 * The frame decoders exactly as the gateway builds them ({@link FrameDecoders#create}), fed a 1,000-byte read
 * of twenty 50-byte frames, the shape of scenario 3's uplink. Throughput is frames decoded and handed over as
 * the session handler takes them (a {@code byte[]} of each frame). {@code NETTY_DELIMITER} is the decoder the
 * gateway used before: Netty's {@code DelimiterBasedFrameDecoder}, whose slices the handler then copied.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameDecoderBenchmark {

    private static final int FRAMES = 20;

    @Param({"DELIMITER", "NETTY_DELIMITER", "LENGTH_FIELD", "RAW"})
    public String decoder;

    private FramingSpec.Mode mode;

    private EmbeddedChannel channel;
    private ByteBuf read;
    private Blackhole sink;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        sink = bh;
        mode = decoder.equals("NETTY_DELIMITER") ? FramingSpec.Mode.DELIMITER : FramingSpec.Mode.valueOf(decoder);
        FramingSpec spec = switch (mode) {
            case DELIMITER -> new FramingSpec(FramingSpec.Mode.DELIMITER, "\\n", true, null, null, null, null, null,
                    null, null);
            case LENGTH_FIELD -> new FramingSpec(FramingSpec.Mode.LENGTH_FIELD, null, null, null, 2, 0, 0, null, true,
                    null);
            default -> FramingSpec.raw();
        };
        ByteBuf bytes = Unpooled.buffer(FRAMES * 52);
        for (int i = 0; i < FRAMES; i++) {
            if (mode == FramingSpec.Mode.LENGTH_FIELD) {
                bytes.writeShort(49);
                bytes.writeBytes(new byte[49]);
            } else {
                bytes.writeBytes(new byte[49]).writeByte('\n');
            }
        }
        read = Unpooled.unreleasableBuffer(bytes);
        ChannelHandler framer = decoder.equals("NETTY_DELIMITER")
                ? new DelimiterBasedFrameDecoder(spec.maxFrameBytes(), true, true, Unpooled.wrappedBuffer(new byte[] {'\n'}))
                : FrameDecoders.create(spec);
        channel = new EmbeddedChannel(framer, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                // What SessionHandler does: a byte[] per frame, copied out of a ByteBuf frame and released.
                if (msg instanceof ByteBuf b) {
                    sink.consume(ByteBufUtil.getBytes(b));
                    b.release();
                } else {
                    sink.consume(msg);
                }
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeOneRead() {
        // A pooled copy per read, like the bytes Netty hands the pipeline from a socket read.
        ByteBuf in = ByteBufAllocator.DEFAULT.buffer(read.readableBytes());
        in.writeBytes(read, read.readerIndex(), read.readableBytes());
        channel.writeInbound(in);
    }
}
