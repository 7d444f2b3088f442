package dev.fleetgateway.usocket;

/** TCP states with the codes {@code usocket.getsocketsta()} returns; a closed socket object reports -1. */
public enum TcpState {
    CLOSED(0), LISTEN(1), SYN_SENT(2), SYN_RCVD(3), ESTABLISHED(4), FIN_WAIT_1(5), FIN_WAIT_2(6), CLOSE_WAIT(7),
    CLOSING(8), LAST_ACK(9), TIME_WAIT(10);

    /** What {@code getsocketsta()} returns after {@code close()}. */
    public static final int CLOSED_SOCKET = -1;

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
