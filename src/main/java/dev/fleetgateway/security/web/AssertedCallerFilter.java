package dev.fleetgateway.security.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.fleetgateway.security.Role;
import dev.fleetgateway.system.web.AssertedCaller;

/**
 * Authenticates a call another replica forwarded as the caller that replica vouched for (the internal port's gate
 * checked the shared secret and set {@link AssertedCaller}): its roles were checked at the edge and are checked
 * again here with the same table, and the audit log names the real caller. Calls without the attribute (every
 * call on the public port) pass untouched to the key and JWT filters.
 */
final class AssertedCallerFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AssertedCaller caller = AssertedCaller.of(request).orElse(null);
        if (caller != null) {
            List<SimpleGrantedAuthority> authorities = caller.roleLabels().stream().map(Role::parse)
                    .flatMap(java.util.Optional::stream).map(r -> new SimpleGrantedAuthority(r.authority())).toList();
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.name(), null,
                    authorities));
            SecurityContextHolder.setContext(context);
            request.setAttribute(ApiKeyFilter.AUTHENTICATED, Boolean.TRUE);
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }
}
