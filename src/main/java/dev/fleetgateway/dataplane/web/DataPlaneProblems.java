package dev.fleetgateway.dataplane.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.fleetgateway.security.Role;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.Futures;
import dev.fleetgateway.system.web.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem details of the data-plane port, each with the same type, title, members and wording as the REST
 * port gives for the same failure (system.web.ProblemDetailsAdvice, security.web.SecurityProblems and QuotaFilter),
 * {@code instance} being the request path as there.
 */
final class DataPlaneProblems {

    private static final Logger log = LoggerFactory.getLogger(DataPlaneProblems.class);

    /** What this port serves, for the 404 of any other path. */
    static final String SERVED = "POST /api/v1/modules/{key}/send, POST /api/v1/sessions/{id}/send, "
            + "GET /api/v1/modules/{key}/recv, GET /api/v1/sessions/{id}/recv, GET /api/v1/modules/{key}/messages "
            + "and GET /api/v1/sessions/{id}/messages";

    private final JsonMapper json;

    DataPlaneProblems(JsonMapper json) {
        this.json = json;
    }

    /** The answer for a failure of a call, whatever threw it. */
    Answer failure(Throwable err, String path) {
        Throwable t = Futures.unwrap(err);
        if (t instanceof Params.Bad b) {
            return badParameter(b.name, b.value, path);
        }
        if (t instanceof DataPlaneSends.Unreadable u) {
            return unreadable(u.getCause(), path);
        }
        if (t instanceof DataPlaneWorkers.Busy) {
            return busy(path);
        }
        if (t instanceof DataPlaneSends.Unsupported u) {
            return unsupportedType(u.getMessage(), path);
        }
        Answer a = of(t, path);
        // As the REST port's forwarder: a 503 of the forward bound or an unreachable owner says when to retry.
        if (t instanceof FleetException e && ("forward-limit".equals(e.type())
                || "replica-unreachable".equals(e.type()))) {
            return a.withHeader("Retry-After", "1");
        }
        return a;
    }

    /** The answer for any failure: a FleetException by its kind, anything else a logged 500. */
    Answer of(Throwable failure, String path) {
        Throwable t = Futures.unwrap(failure);
        if (t instanceof FleetException e) {
            return answer(Problems.of(e), path);
        }
        log.error("Unexpected error on the data-plane port", t);
        return answer(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, null, "Internal error",
                "An unexpected error occurred; it has been logged"), path);
    }

    Answer unauthenticated(boolean sent, String path) {
        ProblemDetail pd = Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                sent ? "The bearer credential is unknown, revoked or expired"
                        : "Send an API key (or a token) as 'Authorization: Bearer <key>'");
        return answer(pd, path).withHeader("WWW-Authenticate", sent ? "Bearer error=\"invalid_token\"" : "Bearer");
    }

    Answer missingRole(String method, String path, Role needed, String caller, Set<Role> has) {
        ProblemDetail pd = Problems.of(HttpStatus.FORBIDDEN, "missing-role", "Missing role",
                method + " " + path + " needs the '" + needed.label() + "' role; '" + caller + "' has "
                        + (has.isEmpty() ? "none" : has.stream().sorted(Comparator.naturalOrder()).map(Role::label)
                                .collect(Collectors.joining(", "))));
        pd.setProperty("requiredRole", needed.label());
        return answer(pd, path);
    }

    Answer rateLimited(String caller, String quota, long seconds, String path) {
        ProblemDetail pd = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "The key '" + caller + "' is over its quota (" + quota + ", gateway.security.rate-limit); retry in "
                        + seconds + " s");
        return answer(pd, path).withHeader("Retry-After", Long.toString(seconds));
    }

    Answer noEndpoint(String path) {
        ProblemDetail pd = Problems.of(HttpStatus.NOT_FOUND, null, "Not Found", "No endpoint at " + path
                + " on the data-plane port; it serves " + SERVED + ". Every other call is on the REST port.");
        return answer(pd, path);
    }

    Answer methodNotAllowed(String method, String allowed, String path) {
        ProblemDetail pd = Problems.of(HttpStatus.METHOD_NOT_ALLOWED, null, "Method Not Allowed",
                "Method '" + method + "' is not supported.");
        return answer(pd, path).withHeader("Allow", allowed);
    }

    Answer unsupportedType(String contentType, String path) {
        ProblemDetail pd = Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, "Unsupported Media Type",
                "Content-Type '" + contentType + "' is not supported.");
        return answer(pd, path).withHeader("Accept", "application/json, application/octet-stream");
    }

    /** {@code declared}: the Content-Length, or -1 for a body that ran past the limit while it came. */
    Answer tooLarge(long declared, long limit, String path) {
        String what = declared > limit ? "has " + declared + " bytes" : "is longer";
        return of(new FleetException(FleetException.Kind.TOO_LARGE, "payload-too-large", "Payload too large",
                "The request body " + what + "; at most " + limit + " bytes are accepted "
                        + "(gateway.api.max-payload, base64-encoded, plus JSON)"), path);
    }

    Answer unreadable(Throwable cause, String path) {
        return answer(Problems.unreadableBody(cause), path);
    }

    /** A parameter Spring MVC could not convert (REST: MethodArgumentTypeMismatchException). */
    Answer badParameter(String name, String value, String path) {
        ProblemDetail pd = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid parameter",
                "Parameter '" + name + "' has an invalid value '" + value + "'");
        pd.setProperty("errors", List.of(Map.of("field", name, "message", "invalid value")));
        return answer(pd, path);
    }

    /** The bounded pool is full. */
    Answer busy(String path) {
        return of(new FleetException(FleetException.Kind.UNAVAILABLE, "data-plane-busy", "Data plane busy",
                "Too many calls wait for the data-plane pool (gateway.data-plane.worker-queue); retry"), path);
    }

    Answer answer(ProblemDetail pd, String path) {
        try {
            pd.setInstance(URI.create(path));
        } catch (IllegalArgumentException notAUri) {
            // a raw path Tomcat would have refused before any problem; the problem goes without instance
        }
        byte[] body = json.writeValueAsBytes(Problems.members(pd));
        return new Answer(pd.getStatus(), Answer.PROBLEM, body, Map.of());
    }
}
