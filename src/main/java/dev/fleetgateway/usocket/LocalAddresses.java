package dev.fleetgateway.usocket;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The addresses of this host's interfaces, read now and then off the event loops, so that the policy's "is this
 * address this host" is a set lookup on the loop, never a system call.
 */
@Component
class LocalAddresses {

    private static final Logger log = LoggerFactory.getLogger(LocalAddresses.class);

    private volatile Set<InetAddress> addresses;

    LocalAddresses() {
        refresh();
    }

    /** Loopback, the unspecified address (which connects to this host) or an address of a local interface. */
    boolean isLocal(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || addresses.contains(a);
    }

    // interfaces come and go (a pod's address is fixed, a laptop's is not): a minute of staleness is harmless,
    // loopback and the unspecified address are always local
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void refresh() {
        Set<InetAddress> found = new HashSet<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                found.addAll(Collections.list(ni.getInetAddresses()));
            }
        } catch (SocketException | RuntimeException e) {
            log.warn("Cannot list network interfaces; keeping the last known local addresses: {}", e.toString());
            if (addresses != null) {
                return;
            }
        }
        // a scoped IPv6 address (fe80::1%eth0) equals the unscoped one only without its scope
        Set<InetAddress> plain = new HashSet<>();
        for (InetAddress a : found) {
            try {
                plain.add(InetAddress.getByAddress(a.getAddress()));
            } catch (java.net.UnknownHostException impossible) {
                // a raw address of 4 or 16 bytes always converts
            }
        }
        addresses = Set.copyOf(plain);
    }
}
