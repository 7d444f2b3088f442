package dev.fleetgateway.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the service reports on purpose: a {@link Kind} that says what went wrong in domain terms, a stable
 * {@code type} slug, a short title and a detail for the caller. Services and stores throw it; the web edge alone
 * turns it into an RFC 9457 problem detail (the kind picks the status). Thrown without a stack trace: it is an
 * answer, not a bug.
 */
public class FleetException extends RuntimeException {

    /** What went wrong, in the service's terms; the web edge maps each kind to one HTTP status. */
    public enum Kind {
        /** The request is malformed or out of range. */
        INVALID,
        /** The request is understood but not permitted (an outbound destination the policy refuses). */
        FORBIDDEN,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** A read found no data within its timeout (or at once, non-blocking). */
        NO_DATA,
        /** The request contradicts the current state (a closed session, an offline module, a duplicate key). */
        CONFLICT,
        /** A payload is larger than allowed. */
        TOO_LARGE,
        /** A per-module or per-session bound is reached (outbox full, too many waiting readers). */
        TOO_MANY,
        /** The module or remote endpoint failed (refused, reset, name lookup). */
        PEER_FAILED,
        /** The service cannot take this now (a limit of the process, a module not reading). */
        UNAVAILABLE,
        /** The module or remote endpoint did not answer in time. */
        PEER_TIMEOUT
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>(4);

    public FleetException(Kind kind, String type, String title, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.type = type;
        this.title = title;
    }

    /** Adds a member to the problem body (for example {@code errno}); returns this. */
    public FleetException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Kind kind() {
        return kind;
    }

    /** The problem type slug, e.g. {@code module-offline}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The detail shown to the caller. */
    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public static FleetException notFound(String what, String id) {
        return new FleetException(Kind.NOT_FOUND, "not-found", what + " not found",
                what + " '" + id + "' does not exist");
    }

    public static FleetException conflict(String type, String title, String detail) {
        return new FleetException(Kind.CONFLICT, type, title, detail);
    }

    public static FleetException invalid(String type, String title, String detail) {
        return new FleetException(Kind.INVALID, type, title, detail);
    }

    /** An invalid parameter or field, with the {@code errors} member naming it. */
    public static FleetException invalidField(String title, String field, String message) {
        return invalid("validation", title, field + " " + message)
                .with("errors", java.util.List.of(Map.of("field", field, "message", message)));
    }
}
