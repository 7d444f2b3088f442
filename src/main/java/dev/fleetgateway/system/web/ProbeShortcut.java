package dev.fleetgateway.system.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers an anonymous liveness or readiness probe on the management port without the actuator's web machinery
 * (security chain, dispatcher, endpoint handler mapping, operation invoker, observation, Jackson): the probe runs
 * on every kubelet period and cost 1.8× the cheapest REST GET (issue 18). The answer is the actuator's own: the
 * group's status from {@link HealthEndpoint} (so readiness still runs every indicator of its group: db, module
 * port), the group's HTTP status mapping, {@code {"status":"UP"}} in the actuator's v3 media type. Anything the
 * actuator would answer differently goes on to it: another method, an {@code Authorization} header (a read key
 * shows components), an {@code Accept} other than none or any, a query, or a group that shows components or
 * details to anonymous callers.
 */
final class ProbeShortcut extends OncePerRequestFilter {

    static final String MEDIA_TYPE = "application/vnd.spring-boot.actuator.v3+json";

    private final String livenessPath;
    private final String readinessPath;
    private final HealthEndpoint health;
    private final HealthEndpointGroups groups;

    ProbeShortcut(String basePath, HealthEndpoint health, HealthEndpointGroups groups) {
        this.livenessPath = basePath + "/health/liveness";
        this.readinessPath = basePath + "/health/readiness";
        this.health = health;
        this.groups = groups;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String group = group(request);
        HealthEndpointGroup g = group == null ? null : groups.get(group);
        if (g == null || g.showComponents(SecurityContext.NONE) || g.showDetails(SecurityContext.NONE)) {
            chain.doFilter(request, response);
            return;
        }
        HealthDescriptor descriptor = health.healthForPath(group);
        if (descriptor == null) {
            chain.doFilter(request, response);
            return;
        }
        String status = descriptor.getStatus().getCode();
        byte[] body = ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(g.getHttpCodeStatusMapper().getStatusCode(descriptor.getStatus()));
        response.setContentType(MEDIA_TYPE);
        response.setContentLength(body.length);
        // What Spring Security's header writer adds to every answer of this port.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
        response.setHeader(HttpHeaders.EXPIRES, "0");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.getOutputStream().write(body);
    }

    /** The probe group this request may be answered for here, or null to let the actuator answer it. */
    private String group(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getQueryString() != null
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !accept.isBlank() && !accept.trim().equals("*/*")) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(livenessPath) ? "liveness" : path.equals(readinessPath) ? "readiness" : null;
    }
}
