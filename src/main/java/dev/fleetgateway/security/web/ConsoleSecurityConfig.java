package dev.fleetgateway.security.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.Role;

/**
 * The operator console's filter chain ({@code /} and {@code /console/**}): a browser logs in by pasting an API
 * key ({@link LoginController}); an HTTP session then stands for that key ({@link SessionLogin}), checked again on
 * every request. State-changing requests need the session's CSRF token (a form field, or the
 * {@code X-CSRF-TOKEN} header htmx sends). Each console route needs the role {@link EndpointRoles} names for it,
 * the role of the API call it stands for. The API's own chain ({@link SecurityConfig}) is untouched by this one:
 * bearer keys, stateless, no CSRF.
 */
@Configuration
class ConsoleSecurityConfig {

    static final String LOGIN_PAGE = "/console/login";
    private static final String HTMX = "HX-Request";

    @Bean
    SessionLogin sessionLogin(ApiKeys keys) {
        return new SessionLogin(keys, r -> true);
    }

    // Before the API chain (which has no matcher and takes the rest).
    @Bean
    @Order(10)
    SecurityFilterChain consoleSecurity(HttpSecurity http, SessionLogin login) throws Exception {
        http.securityMatcher("/", "/console", "/console/**")
                .securityContext(c -> c.securityContextRepository(login))
                // the login controller starts a fresh session itself (no fixation, a new CSRF token)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(f -> f.none()))
                .csrf(c -> c.csrfTokenRequestHandler(
                        new org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler()))
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(r -> r.disable())
                .headers(h -> h.contentSecurityPolicy(p -> p.policyDirectives("default-src 'self'; "
                        + "script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                        + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")))
                .exceptionHandling(e -> e.authenticationEntryPoint(ConsoleSecurityConfig::toLogin)
                        .accessDeniedHandler(ConsoleSecurityConfig::denied))
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/", LOGIN_PAGE, "/console/logout", "/console/assets/**").permitAll()
                        .anyRequest().access(roleOfRoute()))
                .addFilterAfter(new AuditFilter(), SecurityContextHolderFilter.class);
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> roleOfRoute() {
        return (authentication, context) -> {
            var a = authentication.get();
            boolean anonymous = CallerAuthentication.name(a).equals("-");
            return new AuthorizationDecision(!anonymous
                    && CallerAuthentication.roles(a).contains(EndpointRoles.required(context.getRequest())));
        };
    }

    /** Not logged in (or the key was revoked): to the login page; htmx follows HX-Redirect instead of swapping. */
    private static void toLogin(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String query = request.getQueryString();
        String next = path + (query == null ? "" : "?" + query);
        String target = request.getContextPath() + LOGIN_PAGE
                + ("GET".equals(request.getMethod()) && request.getHeader(HTMX) == null && !path.equals(LOGIN_PAGE)
                        ? "?next=" + UriUtils.encodeQueryParam(next, StandardCharsets.UTF_8) : "");
        if (request.getHeader(HTMX) != null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("HX-Redirect", target);
            return;
        }
        response.sendRedirect(target);
    }

    /** Logged in without the role (or no CSRF token): a short page, or the text htmx shows in its alert. */
    private static void denied(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        var a = CallerAuthentication.current();
        String message;
        if (e instanceof org.springframework.security.web.csrf.CsrfException) {
            message = "The form has expired (no valid CSRF token): reload the page and try again.";
        } else {
            Role needed = EndpointRoles.required(request);
            var has = CallerAuthentication.roles(a);
            message = "This needs the '" + needed.label() + "' role; the key '" + CallerAuthentication.name(a)
                    + "' has " + (has.isEmpty() ? "none" : has.stream().map(Role::label)
                            .collect(Collectors.joining(", "))) + ".";
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setCharacterEncoding("UTF-8");
        if (request.getHeader(HTMX) != null) {
            // htmx puts error answers into the page's alert region (its responseHandling setting)
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<p class=\"error\">" + HtmlUtils.htmlEscape(message) + "</p>");
            return;
        }
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed"
                + " · Fleet Gateway</title><link rel=\"stylesheet\" href=\"" + request.getContextPath()
                + "/console/assets/console.css\"></head><body><main id=\"main\"><h1>Not allowed</h1><p role=\"alert\">"
                + HtmlUtils.htmlEscape(message) + "</p><p><a href=\"" + request.getContextPath()
                + "/console\">Back to the console</a></p></main></body></html>");
    }
}
