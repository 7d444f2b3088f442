package dev.fleetgateway.cluster;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import dev.fleetgateway.session.LocalReplica;

/**
 * This replica in the cluster: its id ({@code gateway.cluster.replica-id}, else the host name, which is the pod
 * name on Kubernetes), the tag its session ids start with (the first eight hex digits of the id's SHA-256), and
 * the URI of its internal port as other replicas should dial it.
 */
@Component
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
public class ReplicaIdentity implements LocalReplica {

    private final String id;
    private final String tag;
    private final String address;
    private final int configuredPort;
    private final InternalPort boundPort;

    ReplicaIdentity(ClusterProperties props, InternalPort boundPort) {
        this.id = props.replicaId().isBlank() ? hostName() : props.replicaId().trim();
        if (id.length() > 64 || !id.matches("[0-9A-Za-z_.:-]+")) {
            throw new IllegalStateException("gateway.cluster.replica-id '" + id
                    + "' must be 1 to 64 letters, digits, '_', '.', ':' or '-' (a pod name is)");
        }
        this.tag = tagOf(id);
        this.address = props.internalAddress().isBlank() ? hostAddress() : props.internalAddress().trim();
        this.configuredPort = props.internalPort();
        this.boundPort = boundPort;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sessionTag() {
        return tag;
    }

    /**
     * Where other replicas reach this one's internal port: the port actually bound once the connector listens
     * (with {@code internal-port: 0} it is known only then; the replica table carries it from the next lease
     * renewal on), the configured one before.
     */
    public URI internalUri() {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        int bound = boundPort.port();
        return URI.create("http://" + host + ":" + (bound != 0 ? bound : configuredPort));
    }

    /** The session-id tag of a replica id. */
    static String tagOf(String replicaId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(replicaId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("gateway.cluster.replica-id is blank and the host name is unknown", e);
        }
    }

    private static String hostAddress() {
        try {
            InetAddress a = InetAddress.getLocalHost();
            return a.getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("gateway.cluster.internal-address is blank and the host's address is "
                    + "unknown", e);
        }
    }
}
