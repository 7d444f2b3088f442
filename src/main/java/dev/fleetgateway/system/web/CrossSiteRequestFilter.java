package dev.fleetgateway.system.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.fleetgateway.system.ApiProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps other sites' pages away from state-changing calls. A browser sends a cross-site form post (or a
 * {@code no-cors} fetch) without asking first, with a form, multipart or text/plain body: such bodies are refused
 * (415) on every POST, PUT, PATCH and DELETE, whatever the endpoint, before it runs. A state-changing request a
 * browser marks as coming from another site ({@code Sec-Fetch-Site}) is refused (403) unless CORS allows its
 * origin, and so is a preflight while CORS is off.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    // What an HTML form (and a request without preflight) can send; the API takes JSON and octet-stream only.
    private static final Set<String> SIMPLE_BODIES = Set.of(MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.TEXT_PLAIN_VALUE);

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final CorsConfiguration allowed;

    // Bound from the environment rather than injected, so that web slices get the same setting.
    CrossSiteRequestFilter(Environment env) {
        ApiProperties.Cors cors = Binder.get(env).bindOrCreate("gateway.api", ApiProperties.class).cors();
        this.allowed = new CorsConfiguration();
        cors.allowedOrigins().forEach(allowed::addAllowedOriginPattern);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (CorsUtils.isPreFlightRequest(request) && !originAllowed(origin)) {
            refuse(request, response, Problems.of(HttpStatus.FORBIDDEN, "cross-origin-refused",
                    "Cross-origin request refused", "Origin " + origin + " may not call this API from a browser "
                            + "(gateway.api.cors.allowed-origins)"));
            return;
        }
        if (STATE_CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            // The console's forms post form bodies by design; its chain checks a CSRF token on each of them.
            if (simpleBody(request.getContentType()) && !consoleForm(request)) {
                response.setHeader(HttpHeaders.ACCEPT, "application/json, application/octet-stream");
                refuse(request, response, Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null,
                        "Unsupported Media Type", "Content-Type " + request.getContentType() + " is not accepted: "
                                + "state-changing calls take application/json (sends also application/octet-stream)"));
                return;
            }
            if (crossSite(request) && !originAllowed(origin)) {
                refuse(request, response, Problems.of(HttpStatus.FORBIDDEN, "cross-origin-refused",
                        "Cross-origin request refused", "A page of another site may not change state here "
                                + "(gateway.api.cors.allowed-origins)"));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean consoleForm(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/console/");
    }

    private boolean originAllowed(String origin) {
        return origin != null && allowed.checkOrigin(origin) != null;
    }

    // Browsers mark where a request comes from; clients that are not browsers send no such header.
    private static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return "cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site);
    }

    private static boolean simpleBody(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return SIMPLE_BODIES.contains(type.getType() + "/" + type.getSubtype());
        } catch (RuntimeException malformed) {
            return false; // Spring MVC answers a malformed Content-Type itself
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail pd)
            throws IOException {
        pd.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(pd.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(Problems.members(pd)));
    }
}
