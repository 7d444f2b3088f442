package dev.fleetgateway.cluster;

import java.net.URI;

import org.springframework.stereotype.Component;

/**
 * The port this replica's internal HTTP connector is bound to, learnt once the web server has started (with
 * {@code gateway.cluster.internal-port=0} it is only known then), so that the directory can advertise it.
 */
@Component
public class InternalPort {

    private volatile int port;

    /** The bound port, or 0 before the web server started (or with the cluster disabled). */
    public int port() {
        return port;
    }

    /** The base URI other replicas reach this one at, {@code http://address:port}. */
    public URI uri(String address) {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + port);
    }

    /** Called by the connector once it is listening. */
    public void bound(int port) {
        this.port = port;
    }
}
