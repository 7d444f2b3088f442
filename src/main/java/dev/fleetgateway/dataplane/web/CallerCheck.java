package dev.fleetgateway.dataplane.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.Caller;
import dev.fleetgateway.security.JwtRoles;
import dev.fleetgateway.security.RequestQuota;
import dev.fleetgateway.security.Role;
import dev.fleetgateway.security.web.ApiRoles;

/**
 * Who may make a call on the data-plane port, in the REST chain's order: the API key (in-memory table, SHA-256;
 * 401), else a JWT when the REST port accepts them (the same {@link JwtDecoder} bean and roles claim; decoded on the
 * bounded pool, since a decoder may fetch its keys), the caller's quota (429), the role the REST port's role table
 * names for the method and path (403).
 */
final class CallerCheck {

    private static final String BEARER = "bearer ";

    /** The outcome: a caller, or the refusal to answer with. */
    record Outcome(Caller caller, Answer refusal) {
    }

    private final ApiKeys keys;
    private final RequestQuota quota;
    private final DataPlaneProblems problems;
    private final JwtDecoder jwt;
    private final String rolesClaim;
    private final DataPlaneWorkers workers;

    /** {@code jwt} is null when the REST port takes no JWTs: then neither does this port. */
    CallerCheck(ApiKeys keys, RequestQuota quota, DataPlaneProblems problems, JwtDecoder jwt, String rolesClaim,
            DataPlaneWorkers workers) {
        this.keys = keys;
        this.quota = quota;
        this.problems = problems;
        this.jwt = jwt;
        this.rolesClaim = rolesClaim;
        this.workers = workers;
    }

    /** The outcome, at once for an API key (on the event loop), later for a JWT (decoded on the pool). */
    CompletableFuture<Outcome> check(Call call) {
        String header = call.header("Authorization");
        String token = null;
        Caller caller = null;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            token = header.substring(BEARER.length()).strip();
            caller = token.isEmpty() ? null : keys.authenticate(token).orElse(null);
        }
        if (caller == null && jwt != null && token != null && looksLikeJwt(token)) {
            String t = token;
            return workers.submit(() -> CompletableFuture.completedFuture(decoded(t)))
                    .thenApply(c -> authorize(call, c, true));
        }
        return CompletableFuture.completedFuture(authorize(call, caller, header != null));
    }

    private Caller decoded(String token) {
        try {
            return JwtRoles.caller(jwt.decode(token), rolesClaim);
        } catch (JwtException invalid) {
            return null; // expired, badly signed, malformed: the REST port's 401 too
        }
    }

    private Outcome authorize(Call call, Caller caller, boolean sent) {
        if (caller == null) {
            return new Outcome(null, problems.unauthenticated(sent, call.rawPath()));
        }
        Duration wait = quota.take(caller.name());
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            return new Outcome(caller, problems.rateLimited(caller.name(), quota.describe(), seconds, call.rawPath()));
        }
        Role needed = ApiRoles.required(call.method(), call.rawPath());
        if (!caller.roles().contains(needed)) {
            return new Outcome(caller, problems.missingRole(call.method(), call.rawPath(), needed, caller.name(),
                    caller.roles()));
        }
        return new Outcome(caller, null);
    }

    // The REST port's ApiKeyFilter passes the same shape on to its JWT filter.
    private static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }
}
