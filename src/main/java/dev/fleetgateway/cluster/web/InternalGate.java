package dev.fleetgateway.cluster.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.fleetgateway.cluster.ClusterProperties;
import dev.fleetgateway.cluster.InternalPort;
import dev.fleetgateway.system.web.AssertedCaller;
import dev.fleetgateway.system.web.Problems;

/**
 * The door of the internal port: a call there needs {@value ClusterHeaders#SECRET} equal to
 * {@code gateway.cluster.internal-secret} (compared in constant time), else a 401 problem and nothing else runs.
 * A call that passes carries the caller the forwarding replica asserts ({@link AssertedCaller}). On the public
 * port the cluster headers mean nothing: they are never read there, whatever they say.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty(name = "gateway.cluster.enabled", havingValue = "true")
class InternalGate extends OncePerRequestFilter {

    private final byte[] secret;
    private final InternalPort port;

    InternalGate(ClusterProperties props, InternalPort port) {
        this.secret = props.internalSecret().getBytes(StandardCharsets.UTF_8);
        this.port = port;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isInternal(request)) {
            chain.doFilter(request, response);
            return;
        }
        String given = request.getHeader(ClusterHeaders.SECRET);
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            Problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "internal-unauthorized",
                    "Internal port", "The internal port serves only calls forwarded by replicas of this cluster"));
            return;
        }
        String caller = request.getHeader(ClusterHeaders.CALLER);
        if (caller != null && !caller.isBlank()) {
            request.setAttribute(AssertedCaller.ATTRIBUTE, new AssertedCaller(caller, roles(request),
                    String.valueOf(request.getHeader(ClusterHeaders.VIA))));
        }
        chain.doFilter(request, response);
    }

    /** True for a call that came in on the internal connector (never for one on the public port). */
    boolean isInternal(HttpServletRequest request) {
        int internal = port.port();
        return internal > 0 && request.getLocalPort() == internal;
    }

    private static Set<String> roles(HttpServletRequest request) {
        String header = request.getHeader(ClusterHeaders.ROLES);
        if (header == null || header.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList());
    }
}
