package dev.fleetgateway.dataplane.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fleetgateway.cluster.ClusterDirectory;
import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.RecvResult;
import dev.fleetgateway.session.SessionQueries;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Durations;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.system.Payloads;
import dev.fleetgateway.usocket.Errno;
import tools.jackson.databind.json.JsonMapper;

/**
 * recv over the data-plane port, with the REST port's parameters and answers (session.web.SessionReads): a recv with
 * data buffered or non-blocking is answered at once; one with a timeout waits on the session's receive buffer
 * without a thread, at most {@code max-pending-recvs} of them at once on this port.
 */
final class DataPlaneReads {

    private final SessionRegistry registry;
    private final ModuleService modules;
    private final ClusterDirectory directory;
    private final ApiProperties api;
    private final JsonMapper json;
    private final DataPlaneWorkers workers;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();

    DataPlaneReads(SessionRegistry registry, ModuleService modules, ClusterDirectory directory, ApiProperties api,
            JsonMapper json, DataPlaneWorkers workers, int maxPending) {
        this.registry = registry;
        this.modules = modules;
        this.directory = directory;
        this.api = api;
        this.json = json;
        this.workers = workers;
        this.maxPending = maxPending;
    }

    /** The session a recv addressed by session id reads; memory only. */
    ModuleSession session(String id) {
        ModuleSession s = registry.find(id).orElse(null);
        if (s == null) {
            if (directory.ownerOfSession(id).isPresent()) {
                throw new DataPlaneSends.HeldElsewhere("Session '" + id + "'");
            }
            throw SessionQueries.sessionNotFound(id);
        }
        return s;
    }

    /**
     * The session of a module-addressed recv: a live key from memory on the loop, anything else (an id, offline,
     * unknown) from the registry on the pool, with the REST port's 409 and 404.
     */
    CompletableFuture<ModuleSession> current(String idOrKey) {
        if (!ModuleService.mayBeId(idOrKey)) {
            ModuleSession live = registry.findByModuleKey(idOrKey).orElse(null);
            if (live != null) {
                return CompletableFuture.completedFuture(live);
            }
        }
        return workers.submit(() -> {
            String key = modules.find(idOrKey).map(m -> m.moduleKey()).orElse(idOrKey);
            ModuleSession s = registry.findByModuleKey(key).orElse(null);
            if (s != null) {
                return CompletableFuture.completedFuture(s);
            }
            if (directory.ownerOfModule(key).isPresent()) {
                throw new DataPlaneSends.HeldElsewhere("Module '" + idOrKey + "'");
            }
            throw modules.find(idOrKey).isPresent()
                    ? FleetException.conflict("module-offline", "Module offline",
                            "Module '" + idOrKey + "' has no open session")
                    : new FleetException(FleetException.Kind.NOT_FOUND, "module-not-found", "Module not found",
                            "No module has id or key '" + idOrKey + "'");
        });
    }

    /** A handle on a recv in flight, so that a client that leaves can cancel it. */
    record Pending(CompletableFuture<RecvResult> read, CompletableFuture<Answer> answer) {
    }

    /** Starts a recv; {@code raw} answers the bytes as application/octet-stream. */
    Pending recv(ModuleSession s, Call call, boolean raw) {
        int max = Params.integer(call, "max", 1024);
        if (max < 1 || max > api.maxRecv().toBytes()) {
            throw FleetException.invalid("validation", "Invalid parameter",
                    "max must be between 1 and " + api.maxRecv().toBytes());
        }
        Duration t = Durations.parse("timeout", call.param("timeout"), Duration.ZERO, api.maxWait());
        Payloads.Encoding enc = Payloads.Encoding.parse(call.param("encoding"), Payloads.Encoding.BASE64);
        boolean waits = !t.isZero();
        if (waits && pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            throw new FleetException(FleetException.Kind.TOO_MANY, "too-many-waits", "Too many waiting reads",
                    "At most " + maxPending + " recvs wait at once on the data-plane port "
                            + "(gateway.data-plane.max-pending-recvs); retry, or use timeout=0");
        }
        CompletableFuture<RecvResult> wait = s.recv(max, t.toMillis());
        if (waits) {
            wait.whenComplete((r, e) -> pending.decrementAndGet());
        }
        CompletableFuture<Answer> answer = wait.thenApply(r -> switch (r.outcome()) {
            case DATA -> raw ? rawBody(s, r.data(), false) : received(s, r, enc);
            case EOF -> raw ? rawBody(s, new byte[0], true) : received(s, r, enc);
            case TIMEOUT -> throw noData(s, Errno.ETIMEDOUT, "recv timed out after " + t.toMillis() + " ms");
            case WOULD_BLOCK -> throw noData(s, Errno.EAGAIN, "No data buffered (non-blocking recv)");
        });
        return new Pending(wait, answer);
    }

    private Answer received(ModuleSession s, RecvResult r, Payloads.Encoding enc) {
        byte[] data = r.data() == null ? new byte[0] : r.data();
        String encoded;
        try {
            if (enc == Payloads.Encoding.TEXT && !Payloads.isUtf8(data)) {
                throw FleetException.conflict("not-text", "Data is not UTF-8 text",
                        "The data is binary; read it with encoding=base64 or hex");
            }
            encoded = Payloads.encode(data, enc);
        } catch (FleetException e) {
            r.putBack(); // binary data asked as text: it stays for a reader who asks for base64 or hex
            throw e;
        }
        Received body = new Received(s.id(), data.length, encoded, enc.name().toLowerCase(),
                r.outcome() == RecvResult.Outcome.EOF, Received.Part.of(r.pieces()));
        return new Answer(200, Answer.JSON, json.writeValueAsBytes(body), Map.of());
    }

    private static Answer rawBody(ModuleSession s, byte[] data, boolean eof) {
        return new Answer(200, "application/octet-stream", data, Map.of("X-Session-Id", s.id(),
                "X-EOF", Boolean.toString(eof), "Cache-Control", "no-store"));
    }

    private static FleetException noData(ModuleSession s, Errno errno, String detail) {
        return new FleetException(FleetException.Kind.NO_DATA, "no-data", "No data", detail)
                .with("errno", errno.code()).with("errnoName", errno.name()).with("sessionId", s.id());
    }
}
