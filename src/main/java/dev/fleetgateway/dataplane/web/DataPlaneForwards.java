package dev.fleetgateway.dataplane.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.cluster.OwnerCalls;
import dev.fleetgateway.cluster.Replica;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.security.Caller;
import dev.fleetgateway.security.Role;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Durations;
import dev.fleetgateway.system.Futures;

/**
 * Calls for a module or session another replica holds, forwarded to it through its internal port exactly as the
 * REST port forwards them ({@link OwnerCalls}: the same bound, headers, asserted caller, meters and failures), the
 * owner's answer passed back. The forward starts on the bounded pool (never on an event loop: the HTTP client may
 * resolve the owner's name there); a full pool is the 503 {@code data-plane-busy}, a full forward bound the REST
 * port's 503 {@code forward-limit}. Module-addressed calls whose owner refuses the connection are served here,
 * as offline, as the REST port does.
 */
final class DataPlaneForwards {

    /** Thrown where a call finds its module or session held by {@code owner}: the handler forwards it. */
    static final class Elsewhere extends RuntimeException {

        final transient Replica owner;

        Elsewhere(Replica owner) {
            super(owner.id(), null, false, false);
            this.owner = owner;
        }
    }

    private final OwnerCalls calls;
    private final ClusterDirectory directory;
    private final SessionRegistry registry;
    private final ModuleService modules;
    private final ApiProperties api;
    private final DataPlaneWorkers workers;

    /** {@code calls} is null without a cluster: then nothing is ever held elsewhere. */
    DataPlaneForwards(OwnerCalls calls, ClusterDirectory directory, SessionRegistry registry, ModuleService modules,
            ApiProperties api, DataPlaneWorkers workers) {
        this.calls = calls;
        this.directory = directory;
        this.registry = registry;
        this.modules = modules;
        this.api = api;
        this.workers = workers;
    }

    /** Throws {@link Elsewhere} when another replica holds this session (memory only). */
    void checkSession(String id) {
        if (calls != null && registry.find(id).isEmpty()) {
            Optional<Replica> owner = directory.ownerOfSession(id);
            if (owner.isPresent()) {
                throw new Elsewhere(owner.get());
            }
        }
    }

    /** Throws {@link Elsewhere} when another replica holds this module; may read the registry (on the pool). */
    void checkModule(String idOrKey) {
        if (calls == null || registry.findByModuleKey(idOrKey).isPresent()) {
            return;
        }
        String key = modules.find(idOrKey).map(m -> m.moduleKey()).orElse(idOrKey);
        if (registry.findByModuleKey(key).isEmpty()) {
            Optional<Replica> owner = directory.ownerOfModule(key);
            if (owner.isPresent()) {
                throw new Elsewhere(owner.get());
            }
        }
    }

    /**
     * Forwards the call to {@code owner}; {@code local} serves a module-addressed call here when the owner took no
     * part in it; {@code started} gets the call to the owner, to cancel it when the client leaves.
     */
    CompletableFuture<Answer> forward(Replica owner, Route route, Call call, Caller caller,
            Supplier<CompletableFuture<Answer>> local, Consumer<CompletableFuture<?>> started) {
        // The call's own bound on waiting; a malformed one is the same 400 the owner would give.
        Duration wait = Durations.parse("timeout", call.param("timeout"), Duration.ZERO, api.maxWait())
                .plus(Durations.parse("wait", call.param("wait"), Duration.ZERO, api.maxWait()));
        byte[] body = new byte[call.request().content().readableBytes()];
        call.request().content().getBytes(call.request().content().readerIndex(), body);
        String roles = caller.roles().stream().sorted().map(Role::label).collect(Collectors.joining(","));
        boolean byModule = route.verb().byModule;
        CompletableFuture<Answer> answer = workers.submit(() -> {
            CompletableFuture<OwnerCalls.Answer> c = calls.call(owner, call.method(), call.request().uri(),
                    call::header, body, wait, caller.name(), roles, byModule);
            started.accept(c);
            return c;
        }).thenApply(DataPlaneForwards::answer);
        return answer.exceptionallyCompose(t -> Futures.unwrap(t) instanceof OwnerCalls.Unreached && byModule
                ? local.get() : CompletableFuture.failedFuture(t));
    }

    private static Answer answer(OwnerCalls.Answer a) {
        String type = null;
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : a.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("content-type")) {
                type = String.join(", ", h.getValue());
            } else {
                headers.put(h.getKey(), String.join(", ", h.getValue()));
            }
        }
        return new Answer(a.status(), type, a.body(), headers);
    }
}
