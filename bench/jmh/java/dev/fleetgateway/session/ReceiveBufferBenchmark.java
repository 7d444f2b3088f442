package dev.fleetgateway.session;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.netty.channel.DefaultEventLoop;

/**
 * The per-frame cost of a session's receive buffer (package-private, hence this package): append one 50-byte
 * frame, and a reader that reads a batch by cursor and acknowledges it, as the REST readers of scenario 3 do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReceiveBufferBenchmark {

    private static final ReceiveBuffer.Listener QUIET = new ReceiveBuffer.Listener() {
        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void dropped(int frames, long bytes) {
        }
    };

    @Param({"false", "true"})
    public boolean dropOldest;

    private DefaultEventLoop timers;
    private ReceiveBuffer buffer;
    private final byte[] frame = new byte[50];
    private long acked;

    @Setup(Level.Iteration)
    public void setUp() {
        timers = new DefaultEventLoop();
        // 1 MB, the default gateway.modules.receive-buffer.
        buffer = new ReceiveBuffer(1024 * 1024, dropOldest, QUIET, timers);
        acked = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        timers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    /** One frame in; every 100 frames a cursor read of the batch and its ack (so BACKPRESSURE never fills). */
    @Benchmark
    public long appendAndDrain() throws Exception {
        long seq = buffer.append(frame, 0);
        if (seq % 100 == 0) {
            FrameBatch r = buffer.read(acked, 100, 0).get();
            acked = r.lastSeq();
            buffer.ack(acked);
        }
        return seq;
    }
}
