package dev.fleetgateway.session;

/** Result of a destructive {@code recv}: data, or why there is none. */
public record RecvResult(byte[] data, Outcome outcome) {

    /** DATA: bytes read; EOF: the session is closed and drained; TIMEOUT: nothing within the timeout;
     *  WOULD_BLOCK: nothing now and the read was non-blocking. */
    public enum Outcome { DATA, EOF, TIMEOUT, WOULD_BLOCK }
}
