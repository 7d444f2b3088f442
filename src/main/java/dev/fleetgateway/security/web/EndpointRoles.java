package dev.fleetgateway.security.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.fleetgateway.security.Role;

/**
 * The role each {@code /api/**} endpoint (and each {@code /console/**} route) needs, by method and path, in one place: the first rule that matches
 * wins. Reads need {@code read}; anything not listed that would change state needs {@code admin} (deny by
 * default, so a new endpoint is never open by accident).
 */
final class EndpointRoles {

    private record Rule(String method, PathPattern path, Role role) {

        boolean matches(String m, PathContainer p) {
            return (method.equals("*") || method.equals(m)) && path.matches(p);
        }
    }

    private static final PathPatternParser PARSER = new PathPatternParser();

    private static final List<Rule> RULES = List.of(
            rule("*", "/api/v1/keys/**", Role.ADMIN),
            rule("*", "/api/v1/modules/credentials/**", Role.ADMIN),
            rule("*", "/api/v1/modules/*/credentials/**", Role.ADMIN),
            rule("*", "/api/v1/simulator/**", Role.SIMULATE),
            rule("POST", "/api/v1/modules/send", Role.SEND),
            rule("POST", "/api/v1/modules/*/send", Role.SEND),
            rule("POST", "/api/v1/sessions/*/send", Role.SEND),
            rule("GET", "/api/v1/modules/*/recv", Role.SEND),
            rule("GET", "/api/v1/sessions/*/recv", Role.SEND),
            rule("POST", "/api/v1/modules/*/messages/ack", Role.SEND),
            rule("POST", "/api/v1/sessions/*/messages/ack", Role.SEND),
            rule("GET", "/api/v1/modules/*/outbox", Role.SEND),
            rule("*", "/api/v1/outbox/**", Role.SEND),
            rule("POST", "/api/v1/sessions", Role.OPERATE),
            rule("DELETE", "/api/v1/sessions/*", Role.OPERATE),
            rule("DELETE", "/api/v1/modules/*/session", Role.OPERATE),
            rule("POST", "/api/v1/modules", Role.OPERATE),
            rule("PATCH", "/api/v1/modules/*", Role.OPERATE),
            rule("DELETE", "/api/v1/modules/*", Role.OPERATE),
            // The operator console (console.web): each action needs the role of the API call it stands for.
            rule("POST", "/console/modules/*/send", Role.SEND),
            rule("GET", "/console/modules/*/outbox", Role.SEND),
            rule("POST", "/console/outbox/*/cancel", Role.SEND),
            rule("POST", "/console/modules/*/session/close", Role.OPERATE),
            rule("*", "/console/simulator/**", Role.SIMULATE),
            rule("GET", "/console/**", Role.READ),
            rule("GET", "/api/**", Role.READ),
            rule("HEAD", "/api/**", Role.READ),
            // Swagger UI and the OpenAPI document describe every endpoint: reading them is a read.
            rule("GET", "/v3/api-docs*/**", Role.READ),
            rule("GET", "/swagger-ui*/**", Role.READ));

    /** The paths of Swagger UI and the OpenAPI document (guarded when {@code gateway.api.docs-enabled}). */
    static final String[] DOCS = {"/v3/api-docs", "/v3/api-docs.*", "/v3/api-docs/**", "/swagger-ui.html",
        "/swagger-ui/**"};

    private static final List<PathPattern> DOCS_PATTERNS = java.util.Arrays.stream(DOCS).map(PARSER::parse)
            .toList();

    private EndpointRoles() {
    }

    /** The role a request needs. */
    static Role required(HttpServletRequest request) {
        return required(request.getMethod(), request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** The role a call with this method and path (below the context path) needs. */
    static Role required(String method, String uri) {
        PathContainer path = PathContainer.parsePath(uri);
        for (Rule r : RULES) {
            if (r.matches(method, path)) {
                return r.role();
            }
        }
        return Role.ADMIN;
    }

    /** Whether a request is for the API itself ({@code /api/**}). */
    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    /** Whether a request is for Swagger UI or the OpenAPI document. */
    static boolean isDocs(HttpServletRequest request) {
        PathContainer path = PathContainer.parsePath(request.getRequestURI()
                .substring(request.getContextPath().length()));
        return DOCS_PATTERNS.stream().anyMatch(p -> p.matches(path));
    }

    /** Whether a request is for the actuator (on the management port; the REST port has none). */
    static boolean isActuator(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return uri.equals("/actuator") || uri.startsWith("/actuator/");
    }

    private static Rule rule(String method, String pattern, Role role) {
        return new Rule(method, PARSER.parse(pattern), role);
    }
}
