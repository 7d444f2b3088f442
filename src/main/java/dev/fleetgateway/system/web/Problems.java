package dev.fleetgateway.system.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.fleetgateway.system.FleetException;

/** Builds the service's RFC 9457 problem details: the one place where a failure gets its HTTP status. */
public final class Problems {

    /** Base of the {@code type} URIs of the problems this service defines. */
    public static final String TYPE_BASE = "https://fleet-gateway.dev/problems/";

    private Problems() {
    }

    /** The HTTP status of a kind of failure. */
    public static HttpStatus status(FleetException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case NO_DATA -> HttpStatus.REQUEST_TIMEOUT;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
            case PEER_FAILED -> HttpStatus.BAD_GATEWAY;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case PEER_TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
        };
    }

    /** A problem detail; {@code type} is a slug under {@link #TYPE_BASE}, or null for {@code about:blank}. */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        if (type != null) {
            pd.setType(URI.create(TYPE_BASE + type));
        }
        return pd;
    }

    /** The problem detail of a domain failure, its members included. */
    public static ProblemDetail of(FleetException e) {
        ProblemDetail pd = of(status(e.kind()), e.type(), e.title(), e.detail());
        e.properties().forEach(pd::setProperty);
        return pd;
    }
}
