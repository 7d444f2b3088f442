package dev.fleetgateway.security.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;

import dev.fleetgateway.security.RequestQuota;
import dev.fleetgateway.system.web.Problems;

/** Takes each authenticated request from its caller's token bucket; an empty bucket answers 429 with Retry-After. */
final class QuotaFilter extends org.springframework.web.filter.OncePerRequestFilter {

    private final RequestQuota quota;

    QuotaFilter(RequestQuota quota) {
        this.quota = quota;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication a = CallerAuthentication.current();
        String name = CallerAuthentication.name(a);
        // a forwarded call was counted against its caller's quota at the edge replica
        if (!"-".equals(name) && dev.fleetgateway.system.web.AssertedCaller.of(request).isEmpty()) {
            Duration wait = quota.take(name);
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                ProblemDetail pd = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                        "The key '" + name + "' is over its quota (" + quota.describe()
                                + ", gateway.security.rate-limit); retry in " + seconds + " s");
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                SecurityProblems.write(request, response, pd);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }
}
