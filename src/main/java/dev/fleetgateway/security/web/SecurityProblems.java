package dev.fleetgateway.security.web;

import java.io.IOException;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.fleetgateway.security.Role;
import dev.fleetgateway.system.web.Problems;

/** 401 and 403 as RFC 9457 problems; a 403 names the role the endpoint needs and the roles the caller has. */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean sent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        ProblemDetail pd = Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                sent ? "The bearer credential is unknown, revoked or expired"
                        : "Send an API key (or a token) as 'Authorization: Bearer <key>'");
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, sent ? "Bearer error=\"invalid_token\"" : "Bearer");
        write(request, response, pd);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Role needed = EndpointRoles.required(request);
        Authentication a = CallerAuthentication.current();
        Set<Role> has = CallerAuthentication.roles(a);
        ProblemDetail pd = Problems.of(HttpStatus.FORBIDDEN, "missing-role", "Missing role",
                request.getMethod() + " " + request.getRequestURI() + " needs the '" + needed.label()
                        + "' role; '" + CallerAuthentication.name(a) + "' has "
                        + (has.isEmpty() ? "none" : has.stream().map(Role::label).collect(Collectors.joining(", "))));
        pd.setProperty("requiredRole", needed.label());
        write(request, response, pd);
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail pd) throws IOException {
        pd.setInstance(URI.create(request.getRequestURI()));
        Problems.write(response, pd);
    }
}
