package dev.fleetgateway.session;

/** Life of a session; {@link #tcpState()} is the code {@code usocket.getsocketsta()} would report. */
public enum SessionState {
    RESOLVING(0), CONNECTING(2), OPEN(4), BACKOFF(0), CLOSING(5), CLOSED(-1);

    private final int tcpState;

    SessionState(int tcpState) {
        this.tcpState = tcpState;
    }

    /** The lwIP TCP state code (0 CLOSED, 2 SYN_SENT, 4 ESTABLISHED, 5 FIN_WAIT_1; -1 once closed). */
    public int tcpState() {
        return tcpState;
    }
}
