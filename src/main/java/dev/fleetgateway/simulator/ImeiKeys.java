package dev.fleetgateway.simulator;

/** IMEI-like 15-digit module keys: a fleet prefix, the module index zero-padded, and a Luhn check digit. */
final class ImeiKeys {

    private static final int BODY_DIGITS = 14;

    private ImeiKeys() {
    }

    /** How many modules a prefix leaves room for. */
    static long capacity(String prefix) {
        return (long) Math.pow(10, BODY_DIGITS - prefix.length());
    }

    static boolean isValidPrefix(String prefix) {
        return prefix != null && prefix.matches("[0-9]{1,10}");
    }

    static String key(String prefix, int index) {
        String digits = Long.toString(index);
        String body = prefix + "0".repeat(BODY_DIGITS - prefix.length() - digits.length()) + digits;
        return body + luhn(body);
    }

    /** The IMEI check digit (Luhn over the 14-digit body). */
    static int luhn(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}
