package dev.fleetgateway.security.web;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import dev.fleetgateway.security.AuditText;

/**
 * One line on the {@code fleet.audit} logger for every state-changing call to the API, refused ones included:
 * who (key or token name), the operation (method and route pattern), the module it addressed and the outcome
 * (status). Never the body, a query string or a credential. A call answered asynchronously is logged when it
 * completes.
 */
final class AuditFilter extends OncePerRequestFilter {

    private static final Logger audit = LoggerFactory.getLogger("fleet.audit");
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    // Path variables that name a module, in the controllers' spelling.
    private static final String[] MODULE_VARIABLES = {"idOrKey", "module"};

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            // Read here, inside the security chain: the context is cleared once the chain has returned.
            String caller = CallerAuthentication.name(CallerAuthentication.current());
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        log(request, response, caller);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                log(request, response, caller);
            }
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return READS.contains(request.getMethod()) || !(uri.startsWith(request.getContextPath() + "/api/")
                || uri.startsWith(request.getContextPath() + "/console/"));
    }

    private static void log(HttpServletRequest request, HttpServletResponse response, String caller) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String route = pattern != null ? pattern.toString() : request.getRequestURI();
        audit.info("audit key={} operation=\"{} {}\" module={} outcome={}", clean(caller), request.getMethod(),
                clean(route), clean(module(request)), response.getStatus());
    }

    private static String module(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars) {
            for (String name : MODULE_VARIABLES) {
                if (vars.get(name) != null) {
                    return vars.get(name).toString();
                }
            }
        }
        return "-";
    }

    // Path text is the client's: no control characters, spaces or quotes reach the log, and it stays short.
    private static String clean(String s) {
        return AuditText.clean(s);
    }
}
