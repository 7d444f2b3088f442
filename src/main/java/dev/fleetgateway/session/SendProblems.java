package dev.fleetgateway.session;

import java.util.concurrent.CompletionException;

import org.springframework.http.HttpStatus;

import dev.fleetgateway.system.ApiProblem;

/** Maps send failures to problem details, the same way for every endpoint that sends. */
public final class SendProblems {

    private SendProblems() {
    }

    /** The problem for a failed send (unwrapping completion exceptions); non-send errors pass through. */
    public static RuntimeException of(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof SendException s) {
            ApiProblem p = switch (s.kind()) {
                case NOT_OPEN -> ApiProblem.conflict("session-closed", "Session not open", s.getMessage());
                case NOT_READING -> new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "module-not-reading",
                        "Module not reading", s.getMessage());
                case TIMEOUT -> new ApiProblem(HttpStatus.GATEWAY_TIMEOUT, "send-timeout", "Send timed out",
                        s.getMessage());
                case FAILED -> new ApiProblem(HttpStatus.BAD_GATEWAY, "send-failed", "Send failed", s.getMessage());
            };
            if (s.errno() != null) {
                p.with("errno", s.errno().code()).with("errnoName", s.errno().name());
            }
            return p;
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
