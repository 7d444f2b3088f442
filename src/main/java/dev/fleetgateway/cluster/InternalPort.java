package dev.fleetgateway.cluster;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

/**
 * The port this replica's internal HTTP connector is bound to, learnt once the web server has started (with
 * {@code gateway.cluster.internal-port=0} it is only known then), so that the directory can advertise it.
 */
@Component
public class InternalPort {

    private volatile int port;
    private final List<Runnable> whenBound = new CopyOnWriteArrayList<>();

    /** The bound port, or 0 before the web server started (or with the cluster disabled). */
    public int port() {
        return port;
    }

    /** The base URI other replicas reach this one at, {@code http://address:port}. */
    public URI uri(String address) {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        return URI.create("http://" + host + ":" + port);
    }

    /** Called by the connector once it is listening; tells whoever advertises the port. */
    public void bound(int port) {
        this.port = port;
        whenBound.forEach(Runnable::run);
    }

    /** Runs {@code action} each time the port is bound (the replica table advertises the new address). */
    void onBound(Runnable action) {
        whenBound.add(action);
    }
}
