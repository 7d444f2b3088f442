package dev.fleetgateway.security.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.Caller;
import dev.fleetgateway.security.Role;

/**
 * The browser login: an HTTP session keeps the SHA-256 of the API key the operator pasted (never the key), and
 * every request checks it against the live keys again, so the roles are the key's roles now and a revoked or
 * expired key stops working on the next request. Loads only where {@code applies} says (the console, and the API
 * docs in the API's own chain); nothing is saved by Spring Security, only by {@link #logIn}.
 */
final class SessionLogin implements SecurityContextRepository {

    /** The session attribute that holds the key's digest. */
    static final String KEY_DIGEST = SessionLogin.class.getName() + ".keyDigest";

    private final ApiKeys keys;
    private final java.util.function.Predicate<HttpServletRequest> applies;

    SessionLogin(ApiKeys keys, java.util.function.Predicate<HttpServletRequest> applies) {
        this.keys = keys;
        this.applies = applies;
    }

    /** Paths outside {@code /api/}: the API itself stays stateless, whatever cookie a browser sends. */
    static boolean outsideApi(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    // Called lazily (through the default loadDeferredContext) the first time the context is read; null means
    // "nobody logged in", so a delegating repository asks the next one.
    @Override
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        HttpServletRequest request = holder.getRequest();
        if (!applies.test(request)) {
            return null;
        }
        return caller(request).map(c -> {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication(c));
            return context;
        }).orElse(null);
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // the session is written by logIn and logOut only
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return applies.test(request) && session != null && session.getAttribute(KEY_DIGEST) != null;
    }

    /** The caller of a session, or empty (no session, no login, or its key revoked: then the login is dropped). */
    java.util.Optional<Caller> caller(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(KEY_DIGEST) instanceof String digest)) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Caller> caller = keys.authenticateDigest(digest);
        if (caller.isEmpty()) {
            session.removeAttribute(KEY_DIGEST);
        }
        return caller;
    }

    /**
     * Logs a browser in with a pasted key: a fresh session id (no fixation), the key's digest in the session.
     * Empty when the key is no live key.
     */
    java.util.Optional<Caller> logIn(HttpServletRequest request, String key) {
        if (key == null || key.isBlank()) {
            return java.util.Optional.empty();
        }
        java.util.Optional<Caller> caller = keys.authenticate(key.strip());
        caller.ifPresent(c -> {
            HttpSession old = request.getSession(false);
            if (old != null) {
                request.changeSessionId();
            }
            request.getSession(true).setAttribute(KEY_DIGEST, ApiKeys.digest(key.strip()));
        });
        return caller;
    }

    /** Ends the browser's session. */
    static void logOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }

    static UsernamePasswordAuthenticationToken authentication(Caller caller) {
        List<SimpleGrantedAuthority> authorities = caller.roles().stream().map(Role::authority)
                .map(SimpleGrantedAuthority::new).toList();
        return UsernamePasswordAuthenticationToken.authenticated(caller.name(), null, authorities);
    }
}
