package dev.fleetgateway.session;

/**
 * A session id in canonical UUID form held as its 128 bits: 32 B per session instead of the 80 B of a 36-character
 * string, in the session and as its key in the table (issue 18). Renders back to exactly the same text.
 */
record SessionId(long hi, long lo) {

    /**
     * The table's key for an id's text: its bits when it is a canonical lowercase UUID (every id this gateway
     * hands out), else the text itself, so any other text is simply not found, as before.
     */
    static Object keyOf(String text) {
        if (text == null || text.length() != 36 || text.charAt(8) != '-' || text.charAt(13) != '-'
                || text.charAt(18) != '-' || text.charAt(23) != '-') {
            return text;
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                continue;
            }
            char c = text.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return text; // not lowercase hex: never one of ours
            }
            if (i < 19) {
                hi = hi << 4 | d;
            } else {
                lo = lo << 4 | d;
            }
        }
        return new SessionId(hi, lo);
    }

    @Override
    public String toString() {
        return SessionIds.format(hi, lo);
    }
}
