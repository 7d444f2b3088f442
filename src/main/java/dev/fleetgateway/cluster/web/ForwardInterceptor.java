package dev.fleetgateway.cluster.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.cluster.Replica;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Durations;
import dev.fleetgateway.system.web.AssertedCaller;

/**
 * Decides, once Spring MVC has matched a call to its endpoint and the edge has checked the caller's role, whether
 * the call is served here or by the replica that holds its session or module: calls under
 * {@code /sessions/{id}} and the module verbs ({@code send}, {@code recv}, {@code messages}, {@code messages/ack},
 * {@code session}) whose session or module is not local and that the directory places elsewhere go to the
 * {@link Forwarder}. A call that came through the internal port is always served here (no second hop).
 */
final class ForwardInterceptor implements HandlerInterceptor {

    private static final String SESSION = "/api/v1/sessions/{id}";
    private static final Pattern MODULE_VERB =
            Pattern.compile("/api/v1/modules/\\{idOrKey}/(send|recv|messages|messages/ack|session)");

    private final ClusterDirectory directory;
    private final SessionRegistry registry;
    private final ModuleService modules;
    private final ApiProperties api;
    private final Forwarder forwarder;

    ForwardInterceptor(ClusterDirectory directory, SessionRegistry registry, ModuleService modules,
            ApiProperties api, Forwarder forwarder) {
        this.directory = directory;
        this.registry = registry;
        this.modules = modules;
        this.api = api;
        this.forwarder = forwarder;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (AssertedCaller.of(request).isPresent() || request.getAttribute(Forwarder.SERVE_LOCALLY) != null) {
            return true;
        }
        Optional<Replica> owner = owner(request);
        if (owner.isEmpty()) {
            return true;
        }
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        // The call's own bound on waiting; a malformed one is the same 400 the owner would give.
        Duration wait = Durations.parse("timeout", request.getParameter("timeout"), Duration.ZERO, api.maxWait())
                .plus(Durations.parse("wait", request.getParameter("wait"), Duration.ZERO, api.maxWait()));
        forwarder.forward(request, response, owner.get(), wait, pattern.endsWith("/stream"),
                MODULE_VERB.matcher(pattern).matches());
        return false;
    }

    /** The other replica that holds the call's session or module; empty when it is served here. */
    private Optional<Replica> owner(HttpServletRequest request) {
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars)) {
            return Optional.empty();
        }
        if (pattern.equals(SESSION) || pattern.startsWith(SESSION + "/")) {
            String id = String.valueOf(vars.get("id"));
            return registry.find(id).isPresent() ? Optional.empty() : directory.ownerOfSession(id);
        }
        if (MODULE_VERB.matcher(pattern).matches()) {
            String idOrKey = String.valueOf(vars.get("idOrKey"));
            if (registry.findByModuleKey(idOrKey).isPresent()) {
                return Optional.empty();
            }
            String key = modules.find(idOrKey).map(m -> m.moduleKey()).orElse(idOrKey);
            return registry.findByModuleKey(key).isPresent() ? Optional.empty() : directory.ownerOfModule(key);
        }
        return Optional.empty();
    }
}
