package dev.fleetgateway.security;

/** Client-supplied text made safe for an audit line: one token, at most 128 characters. */
public final class AuditText {

    private AuditText() {
    }

    /** No control characters, spaces or quotes reach the log (each becomes {@code _}), and it stays short. */
    public static String clean(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 128));
        for (int i = 0; i < s.length() && b.length() < 128; i++) {
            char c = s.charAt(i);
            b.append(c < 0x21 || c == 0x7f || c == '"' ? '_' : c);
        }
        return b.toString();
    }
}
