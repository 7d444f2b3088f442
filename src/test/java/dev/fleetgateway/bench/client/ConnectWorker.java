package dev.fleetgateway.bench.client;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

/**
 * A load-generator process for the storm and hold scenarios. One process may hold fewer than 20,000 open
 * files, so 19,000 client sockets are spread over several of these. Talks to the harness over stdin/stdout:
 * prints {@code READY}, connects on {@code go}, prints {@code CONNECTED <ok> <failed> <nanos> <histogram>},
 * answers {@code open} with {@code OPEN <n>} and {@code frames} with {@code FRAMES <downlink lines received>}, and closes everything when stdin ends.
 *
 * <p>Args: {@code host port keyPrefix from count inFlight localHost[,localHost...] threads}.
 */
public final class ConnectWorker {

    private ConnectWorker() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String keyPrefix = args[2];
        int from = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        int inFlight = Integer.parseInt(args[5]);
        List<String> locals = List.of(args[6].split(","));
        int threads = Integer.parseInt(args[7]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        try (ModuleFleet fleet = new ModuleFleet(threads)) {
            System.out.println("READY");
            System.out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("go")) {
                    ModuleFleet.ConnectReport r = fleet.connect(host, port, locals, keyPrefix, from, count, inFlight,
                            true);
                    ByteBuffer buf = ByteBuffer.allocate(r.latencyMicros().getNeededByteBufferCapacity());
                    r.latencyMicros().encodeIntoCompressedByteBuffer(buf);
                    buf.flip();
                    byte[] bytes = new byte[buf.remaining()];
                    buf.get(bytes);
                    System.out.println("CONNECTED " + r.connected() + " " + r.failed() + " " + r.elapsedNanos() + " "
                            + Base64.getEncoder().encodeToString(bytes));
                } else if (line.equals("open")) {
                    System.out.println("OPEN " + fleet.openCount());
                } else if (line.equals("frames")) {
                    System.out.println("FRAMES " + fleet.downlinkFrames());
                }
                System.out.flush();
            }
        }
    }
}
