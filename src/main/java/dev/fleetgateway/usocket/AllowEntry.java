package dev.fleetgateway.usocket;

import java.net.InetAddress;

import io.netty.util.NetUtil;

/**
 * One entry of {@code gateway.outbound.allow}: an address or network (CIDR), optionally with a port or a port
 * range: {@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code 127.0.0.1:7700}, {@code 192.168.0.0/16:502-503},
 * {@code fd00::/8}, {@code [fd00::1]:7000}. Host names are not taken: the policy judges addresses, and a name
 * could resolve elsewhere tomorrow.
 */
record AllowEntry(String text, byte[] network, int prefix, int portLow, int portHigh) {

    /** Whether the entry names its ports (only such an entry opens the gateway's own ports). */
    boolean namesPort() {
        return portLow > 0;
    }

    boolean matches(InetAddress a, int port) {
        if (namesPort() && (port < portLow || port > portHigh)) {
            return false;
        }
        byte[] b = a.getAddress();
        if (b.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (b[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (b[full] & mask) == (network[full] & mask);
    }

    /** Parses one entry; an invalid one fails startup with a message naming it. */
    static AllowEntry parse(String raw) {
        String s = raw == null ? "" : raw.strip();
        String addressPart = s;
        String portPart = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw invalid(raw, "an opening [ needs a closing ]");
            }
            addressPart = s.substring(1, close);
            String after = s.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw invalid(raw, "only :port may follow ]");
                }
                portPart = after.substring(1);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            // one colon: IPv4 with a port (an IPv6 address has several; with a port it goes in brackets)
            addressPart = s.substring(0, s.indexOf(':'));
            portPart = s.substring(s.indexOf(':') + 1);
        }
        String ip = addressPart;
        Integer prefix = null;
        int slash = addressPart.indexOf('/');
        if (slash >= 0) {
            ip = addressPart.substring(0, slash);
            prefix = number(raw, addressPart.substring(slash + 1), "prefix length");
        }
        byte[] network = NetUtil.createByteArrayFromIpAddressString(ip);
        if (network == null) {
            throw invalid(raw, "'" + ip + "' is not an IP address or network (host names are not taken)");
        }
        int bits = network.length * 8;
        if (prefix == null) {
            prefix = bits;
        } else if (prefix < 0 || prefix > bits) {
            throw invalid(raw, "the prefix length must be 0 to " + bits);
        }
        int low = 0;
        int high = 0;
        if (portPart != null) {
            int dash = portPart.indexOf('-');
            low = number(raw, dash < 0 ? portPart : portPart.substring(0, dash), "port");
            high = dash < 0 ? low : number(raw, portPart.substring(dash + 1), "port");
            if (low < 1 || high > 65535 || low > high) {
                throw invalid(raw, "ports must be 1 to 65535, the range low to high");
            }
        }
        return new AllowEntry(s, network, prefix, low, high);
    }

    private static int number(String raw, String s, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw invalid(raw, "'" + s + "' is not a " + what);
        }
    }

    private static IllegalArgumentException invalid(String raw, String why) {
        return new IllegalArgumentException("gateway.outbound.allow entry '" + raw + "' is invalid: " + why);
    }

    @Override
    public String toString() {
        return text;
    }
}
