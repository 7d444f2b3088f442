package dev.fleetgateway.usocket;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What kind of destination an address is, for the outbound policy. IPv6 forms that carry an IPv4 address
 * (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4
 * {@code 2002::/16}) are judged by the IPv4 address inside, so none of them is a way around a refused range.
 */
public enum AddressCategory {
    /** {@code 127.0.0.0/8}, {@code ::1}: this host. */
    LOOPBACK,
    /** {@code 169.254.0.0/16}, {@code fe80::/10}: the link, cloud metadata services among them. */
    LINK_LOCAL,
    /** {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code 100.64/10} (CGNAT), {@code fc00::/7}, {@code fec0::/10}. */
    PRIVATE,
    /** Unspecified ({@code 0.0.0.0/8}, {@code ::}), multicast ({@code 224/4}, {@code ff00::/8}), reserved and broadcast ({@code 240/4}). */
    SPECIAL,
    /** Everything else. */
    PUBLIC;

    /** The category of {@code a}, after unwrapping an IPv4 address carried inside an IPv6 one. */
    public static AddressCategory of(InetAddress a) {
        Inet4Address v4 = embeddedIpv4(a);
        if (v4 != null) {
            return ofIpv4(v4.getAddress());
        }
        if (a instanceof Inet4Address) {
            return ofIpv4(a.getAddress());
        }
        return ofIpv6(a.getAddress());
    }

    private static AddressCategory ofIpv4(byte[] b) {
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        if (o0 == 127) {
            return LOOPBACK;
        }
        if (o0 == 169 && o1 == 254) {
            return LINK_LOCAL;
        }
        if (o0 == 10 || (o0 == 172 && (o1 & 0xf0) == 16) || (o0 == 192 && o1 == 168)
                || (o0 == 100 && (o1 & 0xc0) == 64)) {
            return PRIVATE;
        }
        if (o0 == 0 || o0 >= 224) {
            return SPECIAL;
        }
        return PUBLIC;
    }

    private static AddressCategory ofIpv6(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (isZeroUpTo(b, 15)) {
            return b[15] == 1 ? LOOPBACK : b[15] == 0 ? SPECIAL : PUBLIC;
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((b0 & 0xfe) == 0xfc || (b0 == 0xfe && (b1 & 0xc0) == 0xc0)) {
            return PRIVATE;
        }
        if (b0 == 0xff) {
            return SPECIAL;
        }
        return PUBLIC;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
    static Inet4Address embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        int from = -1;
        if (isZeroUpTo(b, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            from = 12; // ::ffff:a.b.c.d
        } else if (isZeroUpTo(b, 12) && !(isZeroUpTo(b, 15) && (b[15] == 0 || b[15] == 1))) {
            from = 12; // ::a.b.c.d (deprecated compatible form), not :: or ::1
        } else if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && isZeroFrom(b, 4, 12)) {
            from = 12; // 64:ff9b::a.b.c.d (NAT64)
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            from = 2; // 2002:aabb:ccdd::/48 (6to4)
        }
        if (from < 0) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException impossible) {
            return null;
        }
    }

    private static boolean isZeroUpTo(byte[] b, int end) {
        return isZeroFrom(b, 0, end);
    }

    private static boolean isZeroFrom(byte[] b, int start, int end) {
        for (int i = start; i < end; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
