package dev.fleetgateway.usocket;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Decides whether an outbound dial or a virtual module may connect to an address ({@code gateway.outbound}).
 * It judges the address the connect will use, after {@code getaddrinfo}, so a name that resolves to a refused
 * address is refused too, whatever it resolved to the time before. Refused unless an allow entry covers them:
 * loopback, link-local, private and special addresses, public ones when {@code allow-public} is off, and this
 * gateway's own ports on a local address (those only by an entry naming the port). Refusals count in
 * {@code fleet.outbound.refused} by rule and caller.
 */
@Component
public class OutboundPolicy {

    /** Who dials: a meter tag. */
    public enum Caller {
        /** An outbound session opened over REST. */
        DIAL,
        /** A virtual module of a simulator fleet. */
        SIMULATOR
    }

    private final List<AllowEntry> allow;
    private final boolean allowPublic;
    private final LocalAddresses local;
    private final ObjectProvider<OwnPorts> ownPorts;
    private final MeterRegistry meters;

    OutboundPolicy(OutboundProperties props, LocalAddresses local, ObjectProvider<OwnPorts> ownPorts,
            MeterRegistry meters) {
        this.allow = props.entries();
        this.allowPublic = props.allowPublic();
        this.local = local;
        this.ownPorts = ownPorts;
        this.meters = meters;
        for (OutboundRefusedException.Rule rule : OutboundRefusedException.Rule.values()) {
            for (Caller caller : Caller.values()) {
                counter(rule, caller);
            }
        }
    }

    /**
     * Throws {@link OutboundRefusedException} (counted) when {@code target}, the resolved address of
     * {@code host}, may not be dialled; returns quietly when it may.
     */
    public void check(String host, InetSocketAddress target, Caller caller) {
        OutboundRefusedException.Rule rule = refusal(target);
        if (rule == null) {
            return;
        }
        counter(rule, caller).increment();
        String address = target.getAddress() == null ? target.getHostString()
                : target.getAddress().getHostAddress();
        String named = host == null || host.equals(address) ? "" : host + " resolved to ";
        throw (OutboundRefusedException) new OutboundRefusedException(rule, named + address + " port "
                + target.getPort() + " is refused: " + why(rule) + " (gateway.outbound)")
                .with("address", address).with("port", target.getPort());
    }

    /** The rule that refuses {@code target}, or null when it may be dialled. */
    OutboundRefusedException.Rule refusal(InetSocketAddress target) {
        InetAddress a = target.getAddress();
        if (a == null) {
            return OutboundRefusedException.Rule.SPECIAL; // unresolved: there is nothing to judge
        }
        int port = target.getPort();
        Inet4Address inner = AddressCategory.embeddedIpv4(a);
        if ((local.isLocal(a) || (inner != null && local.isLocal(inner))) && isOwnPort(port)) {
            return allowed(a, inner, port, true) ? null : OutboundRefusedException.Rule.OWN_PORT;
        }
        AddressCategory category = AddressCategory.of(a);
        if (category == AddressCategory.PUBLIC && allowPublic) {
            return null;
        }
        if (allowed(a, inner, port, false)) {
            return null;
        }
        return switch (category) {
            case LOOPBACK -> OutboundRefusedException.Rule.LOOPBACK;
            case LINK_LOCAL -> OutboundRefusedException.Rule.LINK_LOCAL;
            case PRIVATE -> OutboundRefusedException.Rule.PRIVATE;
            case SPECIAL -> OutboundRefusedException.Rule.SPECIAL;
            case PUBLIC -> OutboundRefusedException.Rule.NOT_ALLOWED;
        };
    }

    private boolean allowed(InetAddress a, Inet4Address inner, int port, boolean entryMustNamePort) {
        for (AllowEntry e : allow) {
            if (entryMustNamePort && !e.namesPort()) {
                continue;
            }
            if (e.matches(a, port) || (inner != null && e.matches(inner, port))) {
                return true;
            }
        }
        return false;
    }

    private boolean isOwnPort(int port) {
        return ownPorts.orderedStream().anyMatch(p -> p.ownPorts().contains(port));
    }

    private static String why(OutboundRefusedException.Rule rule) {
        return switch (rule) {
            case LOOPBACK -> "a loopback address";
            case LINK_LOCAL -> "a link-local address";
            case PRIVATE -> "a private address";
            case SPECIAL -> "an unspecified, multicast or reserved address";
            case OWN_PORT -> "a port of this gateway on one of its own addresses";
            case NOT_ALLOWED -> "a public address while allow-public is off";
        } + (rule == OutboundRefusedException.Rule.OWN_PORT ? ", allowed only by an entry naming the port"
                : ", not on the allow-list");
    }

    private Counter counter(OutboundRefusedException.Rule rule, Caller caller) {
        return Counter.builder("fleet.outbound.refused")
                .description("Outbound destinations refused by gateway.outbound before any connect")
                .tag("rule", rule.tag()).tag("caller", caller.name().toLowerCase(Locale.ROOT))
                .register(meters);
    }
}
