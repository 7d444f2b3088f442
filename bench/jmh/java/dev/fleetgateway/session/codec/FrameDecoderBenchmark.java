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

import dev.fleetgateway.session.FramingSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * The frame decoders exactly as the gateway builds them ({@link FrameDecoders#create}), fed a 1,000-byte read
 * of twenty 50-byte frames, the shape of scenario 3's uplink. Throughput is frames decoded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FrameDecoderBenchmark {

    private static final int FRAMES = 20;

    @Param({"DELIMITER", "LENGTH_FIELD", "RAW"})
    public FramingSpec.Mode mode;

    private EmbeddedChannel channel;
    private ByteBuf read;
    private Blackhole sink;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        sink = bh;
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
        channel = new EmbeddedChannel(FrameDecoders.create(spec), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                sink.consume(msg);
                ((ByteBuf) msg).release();
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
