package dev.fleetgateway.dataplane.web;

import java.time.Duration;

import dev.fleetgateway.security.ApiKeys;
import dev.fleetgateway.security.Caller;
import dev.fleetgateway.security.RequestQuota;
import dev.fleetgateway.security.Role;
import dev.fleetgateway.security.web.ApiRoles;

/**
 * Who may make a call on the data-plane port, in the REST chain's order: the API key (in-memory table, SHA-256;
 * 401), the caller's quota (429), the role the REST port's role table names for the method and path (403). JWTs
 * are not accepted here.
 */
final class CallerCheck {

    private static final String BEARER = "bearer ";

    /** The outcome: a caller, or the refusal to answer with. */
    record Outcome(Caller caller, Answer refusal) {
    }

    private final ApiKeys keys;
    private final RequestQuota quota;
    private final DataPlaneProblems problems;

    CallerCheck(ApiKeys keys, RequestQuota quota, DataPlaneProblems problems) {
        this.keys = keys;
        this.quota = quota;
        this.problems = problems;
    }

    Outcome check(Call call) {
        String header = call.header("Authorization");
        Caller caller = null;
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = header.substring(BEARER.length()).strip();
            caller = token.isEmpty() ? null : keys.authenticate(token).orElse(null);
        }
        if (caller == null) {
            return new Outcome(null, problems.unauthenticated(header != null, call.rawPath()));
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
}
