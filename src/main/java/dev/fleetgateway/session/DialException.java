package dev.fleetgateway.session;

/** An outbound dial failed: resolve or connect, with the usocket errno. */
public class DialException extends RuntimeException {

    private final Errno errno;
    private final String stage;

    public DialException(String stage, Errno errno, String message) {
        super(message, null, false, false);
        this.stage = stage;
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    /** {@code resolve} or {@code connect}. */
    public String stage() {
        return stage;
    }
}
