package dev.fleetgateway.dataplane.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.fleetgateway.security.AuditText;
import dev.fleetgateway.security.Caller;

/**
 * The REST port's audit line (security.web.AuditFilter) for the data-plane port's mutating calls: the route
 * pattern and module once a route matched, the raw path and no module for a call refused before.
 */
final class AuditLine {

    private static final Logger audit = LoggerFactory.getLogger("fleet.audit");

    private AuditLine() {
    }

    static void write(Answer a, Call call, Caller caller, Route route) {
        if (call == null || "GET".equals(call.method()) || "HEAD".equals(call.method())) {
            return;
        }
        String op = route != null ? route.verb().pattern : call.rawPath();
        String module = route != null && route.verb().byModule ? route.target() : "-";
        audit.info("audit key={} operation=\"{} {}\" module={} outcome={}", clean(caller == null ? "-" : caller.name()),
                call.method(), clean(op), clean(module), a.status());
    }

    private static String clean(String s) {
        return AuditText.clean(s);
    }
}
