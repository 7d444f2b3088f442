package dev.fleetgateway.session;

import java.util.concurrent.ThreadLocalRandom;

/**
 * New session ids in UUID form (version 4, 36 characters) from {@link ThreadLocalRandom}. Session ids name a
 * session, they guard nothing (every call that uses one needs an API key that may list sessions anyway), so they
 * need no cryptographic generator: {@code UUID.randomUUID()} takes a lock on a shared {@code SecureRandom} that
 * reads the kernel's pool, which is a measurable part of a connect storm (issue 18). 122 random bits keep ids
 * unique in practice; the cluster's tag replaces the first eight hex digits as before.
 */
final class SessionIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SessionIds() {
    }

    /** A random version-4 UUID as text, its first eight hex digits replaced by {@code tag} when given. */
    static String next(String tag) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;                        // version 4
        long lo = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // variant 2 (IETF)
        char[] c = chars(hi, lo);
        if (tag != null) {
            tag.getChars(0, 8, c, 0);
        }
        return new String(c);
    }

    /** The canonical UUID text of 128 bits. */
    static String format(long hi, long lo) {
        return new String(chars(hi, lo));
    }

    private static char[] chars(long hi, long lo) {
        char[] c = new char[36];
        hex(hi >>> 32, c, 0, 8);
        c[8] = '-';
        hex(hi >>> 16, c, 9, 4);
        c[13] = '-';
        hex(hi, c, 14, 4);
        c[18] = '-';
        hex(lo >>> 48, c, 19, 4);
        c[23] = '-';
        hex(lo, c, 24, 12);
        return c;
    }

    // The low `digits` hex digits of v into c[at .. at + digits), most significant first.
    private static void hex(long v, char[] c, int at, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            c[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }
}
