package dev.fleetgateway.session;

/** Why a connection was refused at accept; the tag of {@code fleet.sessions.refused}. */
public enum Refusal {
    /** {@code max-sessions} open sessions already. */
    MAX_SESSIONS,
    /** The source address holds {@code limits.source-sessions} sessions already. */
    SOURCE_SESSIONS,
    /** The source address dials faster than {@code limits.source-connect-rate}. */
    SOURCE_RATE,
    /** All sources together dial faster than {@code limits.connect-rate}. */
    CONNECT_RATE,
    /** The source address failed to identify too often and is backed off. */
    SOURCE_BACKOFF
}
