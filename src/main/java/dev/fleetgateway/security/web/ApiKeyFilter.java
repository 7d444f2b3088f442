package dev.fleetgateway.security.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.Caller;
import dev.fleetgateway.security.Role;

/**
 * Authenticates {@code Authorization: Bearer <key>} against the API keys. On the API (and the docs when they are
 * guarded) a bearer that is no key is refused with 401, unless JWTs are accepted and it looks like one: then the
 * resource server's filter decides. On the actuator a key only unlocks health details: a wrong one is ignored, so
 * that probes and scrapes answer whatever a caller sends.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    /** Set on the request once a key authenticated it, so that the JWT filter leaves it alone. */
    static final String AUTHENTICATED = ApiKeyFilter.class.getName() + ".authenticated";

    private static final String BEARER = "bearer ";

    private final ApiKeys keys;
    private final SecurityProblems problems;
    private final boolean jwt;
    private final boolean docsGuarded;

    ApiKeyFilter(ApiKeys keys, SecurityProblems problems, boolean jwt, boolean docsGuarded) {
        this.keys = keys;
        this.problems = problems;
        this.jwt = jwt;
        this.docsGuarded = docsGuarded;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(BEARER.length()).strip();
        Caller caller = token.isEmpty() ? null : keys.authenticate(token).orElse(null);
        if (caller == null) {
            if (EndpointRoles.isActuator(request)) {
                chain.doFilter(request, response);
            } else if (jwt && looksLikeJwt(token)) {
                chain.doFilter(request, response);
            } else {
                SecurityContextHolder.clearContext();
                problems.commence(request, response, new BadCredentialsException("unknown key"));
            }
            return;
        }
        List<SimpleGrantedAuthority> authorities = caller.roles().stream().map(Role::authority)
                .map(SimpleGrantedAuthority::new).toList();
        var auth = UsernamePasswordAuthenticationToken.authenticated(caller.name(), null, authorities);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        request.setAttribute(AUTHENTICATED, Boolean.TRUE);
        chain.doFilter(request, response);
    }

    // Only the API, the guarded docs and the actuator read keys: a stray bearer elsewhere (an unknown path, the
    // error page) must not turn a 404 into a 401.
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(guarded(request, docsGuarded) || EndpointRoles.isActuator(request));
    }

    /** Whether a request needs a caller: the API, and the docs when they are guarded. */
    static boolean guarded(HttpServletRequest request, boolean docsGuarded) {
        return EndpointRoles.isApi(request) || (docsGuarded && EndpointRoles.isDocs(request));
    }

    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }
}
