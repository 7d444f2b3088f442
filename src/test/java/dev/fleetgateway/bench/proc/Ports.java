package dev.fleetgateway.bench.proc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for the processes the harness starts. */
public final class Ports {

    private Ports() {
    }

    public static int free() throws IOException {
        return free("127.0.0.1");
    }

    /** A free port on this loopback address (each address of 127.0.0.0/8 has ports of its own). */
    public static int free(String host) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        }
    }
}
