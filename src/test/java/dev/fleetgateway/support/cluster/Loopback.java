package dev.fleetgateway.support.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free ports on one loopback address (all of 127.0.0.0/8 is loopback on Linux, each address its own ports). */
final class Loopback {

    private Loopback() {
    }

    static int freePort(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + address, e);
        }
    }
}
