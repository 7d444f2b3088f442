package dev.fleetgateway.simulator;

/** Behaviour profiles of a virtual module; all but {@code SEED} combine. */
public enum Profile {
    /** The seed document's script once: connect, send {@code 1234567890\r\n}, {@code recv(1024)}, close. */
    SEED,
    /** Sends every downlink back unchanged. */
    ECHO,
    /** Sends a payload template every interval, plus or minus jitter. */
    TELEMETRY,
    /** Answers downlink lines that match a pattern with a configured reply. */
    REQUEST_RESPONSE
}
