package dev.fleetgateway.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile and broken module traffic for the module port: garbage, frames past the limit, partial and overlong
 * hellos, resets in the middle of a frame, slow writers, half-closes. Every connection is bounded in bytes and
 * time and ends by itself; the run is reproducible from its seed.
 */
final class ModulePortFuzzer {

    /** One kind of connection the fuzzer opens. */
    enum Attack {
        /** Random bytes (delimiters included by chance), then FIN. */
        GARBAGE,
        /** A frame past the max frame size, written until the gateway closes. */
        OVERSIZE,
        /** The start of a hello and nothing more, then FIN or RST. */
        PARTIAL_HELLO,
        /** A hello line far longer than allowed. */
        LONG_HELLO,
        /** A hello, a whole frame and half of the next, then RST. */
        RESET_MID_FRAME,
        /** A hello and frames dribbled a byte at a time. */
        SLOW_WRITER,
        /** A hello, a few frames, then FIN. */
        VALID_THEN_CLOSE,
        /** Connect and leave at once, half of them with RST. */
        CONNECT_AND_LEAVE,
        /** Frames, then shut the output and wait for the gateway to close. */
        HALF_CLOSE
    }

    /** Frames for the framing under test. */
    interface FrameShape {
        byte[] frame(byte[] payload);

        /** Bytes that start a frame larger than the limit; the rest is filler. */
        byte[] oversizeHead(int maxFrame);
    }

    /** Frames end with CR LF. */
    static final FrameShape CRLF = new FrameShape() {
        @Override
        public byte[] frame(byte[] payload) {
            byte[] f = new byte[payload.length + 2];
            System.arraycopy(payload, 0, f, 0, payload.length);
            f[f.length - 2] = '\r';
            f[f.length - 1] = '\n';
            return f;
        }

        @Override
        public byte[] oversizeHead(int maxFrame) {
            return new byte[0];
        }
    };

    /** Frames start with a 2-byte big-endian length. */
    static final FrameShape LENGTH2 = new FrameShape() {
        @Override
        public byte[] frame(byte[] payload) {
            return ByteBuffer.allocate(2 + payload.length).putShort((short) payload.length).put(payload).array();
        }

        @Override
        public byte[] oversizeHead(int maxFrame) {
            return ByteBuffer.allocate(2).putShort((short) Math.min(0xFFFF, maxFrame + 1 + maxFrame / 2)).array();
        }
    };

    /** What one run did. */
    record Report(int connections, long bytesSent, Map<Attack, Integer> byAttack, int unexpectedFailures,
            List<String> failureSamples) {
    }

    private final int port;
    private final int maxFrame;
    private final FrameShape shape;
    private final long seed;

    ModulePortFuzzer(int port, int maxFrame, FrameShape shape, long seed) {
        this.port = port;
        this.maxFrame = maxFrame;
        this.shape = shape;
        this.seed = seed;
    }

    Report run(int connections, int parallelism) throws Exception {
        Random master = new Random(seed);
        Map<Attack, Integer> byAttack = new EnumMap<>(Attack.class);
        AtomicLong bytes = new AtomicLong();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Attack attack = Attack.values()[master.nextInt(Attack.values().length)];
                byAttack.merge(attack, 1, Integer::sum);
                long connSeed = master.nextLong();
                runs.add(pool.submit(() -> {
                    try {
                        bytes.addAndGet(attack(attack, new Random(connSeed)));
                    } catch (IOException expected) {
                        // the gateway closing or resetting a hostile connection is an answer, not a failure
                    } catch (Exception | AssertionError e) {
                        failures.add(attack + ": " + e);
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        List<String> samples = failures.subList(0, Math.min(5, failures.size()));
        return new Report(connections, bytes.get(), byAttack, failures.size(), List.copyOf(samples));
    }

    private long attack(Attack attack, Random r) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            long sent = 0;
            switch (attack) {
                case GARBAGE -> {
                    byte[] junk = new byte[1 + r.nextInt(Math.min(3_000, maxFrame - 1))];
                    r.nextBytes(junk);
                    sent += write(out, junk);
                }
                case OVERSIZE -> {
                    sent += write(out, hello(r));
                    sent += write(out, shape.oversizeHead(maxFrame));
                    byte[] filler = new byte[1024];
                    java.util.Arrays.fill(filler, (byte) 'x');
                    // written until the gateway closes; bounded at three times the limit
                    for (int i = 0; i < 3 * maxFrame / filler.length + 1; i++) {
                        sent += write(out, filler);
                    }
                    awaitClose(s);
                }
                case PARTIAL_HELLO -> {
                    String line = "IMEI:" + "8612345678".substring(0, r.nextInt(10));
                    sent += write(out, line.getBytes(StandardCharsets.US_ASCII));
                    pause(r, 50);
                    if (r.nextBoolean()) {
                        s.setSoLinger(true, 0);
                    }
                }
                case LONG_HELLO -> {
                    String line = "IMEI:" + "9".repeat(200 + r.nextInt(400)) + (r.nextBoolean() ? "\r\n" : "");
                    sent += write(out, line.getBytes(StandardCharsets.US_ASCII));
                }
                case RESET_MID_FRAME -> {
                    sent += write(out, hello(r));
                    sent += write(out, shape.frame(payload(r)));
                    byte[] next = shape.frame(payload(r));
                    sent += write(out, java.util.Arrays.copyOf(next, Math.max(1, next.length / 2)));
                    s.setSoLinger(true, 0);
                }
                case SLOW_WRITER -> {
                    byte[] all = concat(hello(r), shape.frame(payload(r)));
                    for (byte b : java.util.Arrays.copyOf(all, Math.min(all.length, 40))) {
                        out.write(b);
                        out.flush();
                        sent++;
                        pause(r, 8);
                    }
                }
                case VALID_THEN_CLOSE -> {
                    sent += write(out, hello(r));
                    for (int i = 0; i < 1 + r.nextInt(5); i++) {
                        sent += write(out, shape.frame(payload(r)));
                    }
                }
                case CONNECT_AND_LEAVE -> {
                    if (r.nextBoolean()) {
                        s.setSoLinger(true, 0);
                    }
                }
                case HALF_CLOSE -> {
                    sent += write(out, hello(r));
                    sent += write(out, shape.frame(payload(r)));
                    s.shutdownOutput();
                    awaitClose(s);
                }
            }
            return sent;
        }
    }

    /** A hello with a key from a small pool, so that keys collide and replace each other. */
    private static byte[] hello(Random r) {
        return ("IMEI:fuzz-" + r.nextInt(8) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] payload(Random r) {
        byte[] p = new byte[1 + r.nextInt(Math.min(200, maxFrame - 2))];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) ('a' + r.nextInt(26));
        }
        return p;
    }

    private static int write(OutputStream out, byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return b.length;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Reads and discards until the gateway closes (EOF or reset), at most five seconds. */
    private static void awaitClose(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] sink = new byte[512];
        try {
            while (in.read(sink) >= 0) {
                // drain whatever the gateway says before it closes
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the gateway left the connection open", e);
        }
    }

    private static void pause(Random r, int maxMillis) {
        try {
            Thread.sleep(1 + r.nextInt(maxMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
