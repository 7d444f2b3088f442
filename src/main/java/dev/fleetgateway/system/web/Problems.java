package dev.fleetgateway.system.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.fleetgateway.system.FleetException;

/** Builds the service's RFC 9457 problem details: the one place where a failure gets its HTTP status. */
public final class Problems {

    /** Base of the {@code type} URIs of the problems this service defines. */
    public static final String TYPE_BASE = "https://fleet-gateway.dev/problems/";

    private static final URI ABOUT_BLANK = URI.create("about:blank");
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private Problems() {
    }

    /** The HTTP status of a kind of failure. */
    public static HttpStatus status(FleetException.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
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

    /**
     * A response carrying the problem with its Content-Type fixed, so that it is written whatever the request's
     * {@code Accept} says (an error must never turn into an empty 406 because the client only takes HTML).
     */
    public static ResponseEntity<Object> response(ProblemDetail pd) {
        withType(pd);
        return ResponseEntity.status(pd.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }

    /** Writes the problem as the whole response, for filters that answer before Spring MVC does. */
    public static void write(jakarta.servlet.http.HttpServletResponse response, ProblemDetail pd)
            throws java.io.IOException {
        response.setStatus(pd.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(members(pd)));
    }

    /**
     * The problem's JSON members in RFC 9457 order, for writers outside Spring MVC (filters, the Tomcat valve, the
     * data-plane port).
     */
    public static Map<String, Object> members(ProblemDetail pd) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", withType(pd).getType().toString());
        m.put("title", pd.getTitle());
        m.put("status", pd.getStatus());
        if (pd.getDetail() != null) {
            m.put("detail", pd.getDetail());
        }
        if (pd.getInstance() != null) {
            m.put("instance", pd.getInstance().toString());
        }
        if (pd.getProperties() != null) {
            pd.getProperties().forEach(m::putIfAbsent);
        }
        return m;
    }

    // Every problem names its type, about:blank included, so clients can rely on the member being there.
    static ProblemDetail withType(ProblemDetail pd) {
        if (pd.getType() == null) {
            pd.setType(ABOUT_BLANK);
        }
        return pd;
    }

    /** The problem of a query string Tomcat cannot decode ({@code ?=1}, {@code ?a=%zz}). */
    static ProblemDetail malformedQuery() {
        return of(HttpStatus.BAD_REQUEST, "malformed-query", "Malformed query string",
                "The query string is not valid: every parameter needs a name, and % must start a valid escape");
    }

    /** The problem detail of a domain failure, its members included. */
    public static ProblemDetail of(FleetException e) {
        ProblemDetail pd = of(status(e.kind()), e.type(), e.title(), e.detail());
        e.properties().forEach(pd::setProperty);
        return pd;
    }

    /** The problem of a request body Jackson refused (malformed JSON, unknown field, wrong type), as REST gives it. */
    public static ProblemDetail unreadableBody(Throwable ex) {
        FleetException fleet = BodyErrors.fleetCause(ex);
        return fleet != null ? of(fleet) : BodyErrors.problem(ex);
    }
}
