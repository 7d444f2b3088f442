package dev.fleetgateway.dataplane.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final DataPlaneForwards forwards;
    private final ApiProperties api;
    private final JsonMapper json;
    private final DataPlaneWorkers workers;
    private final int maxPending;
    private final Runnable onFull;
    private final AtomicInteger pending = new AtomicInteger();

    DataPlaneReads(SessionRegistry registry, ModuleService modules, DataPlaneForwards forwards, ApiProperties api,
            JsonMapper json, DataPlaneWorkers workers, int maxPending, Runnable onFull) {
        this.onFull = onFull;
        this.registry = registry;
        this.modules = modules;
        this.forwards = forwards;
        this.api = api;
        this.json = json;
        this.workers = workers;
        this.maxPending = maxPending;
    }

    /** The session a read addressed by session id reads; memory only. */
    ModuleSession session(String id) {
        ModuleSession s = registry.find(id).orElse(null);
        if (s == null) {
            forwards.checkSession(id);
            throw SessionQueries.sessionNotFound(id);
        }
        return s;
    }

    /**
     * The session of a module-addressed recv: a live key from memory on the loop, anything else (an id, offline,
     * unknown) from the registry on the pool, with the REST port's 409 and 404.
     */
    CompletableFuture<ModuleSession> current(String idOrKey, boolean local) {
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
            if (!local) {
                forwards.checkModule(idOrKey);
            }
            throw modules.find(idOrKey).isPresent()
                    ? FleetException.conflict("module-offline", "Module offline",
                            "Module '" + idOrKey + "' has no open session")
                    : new FleetException(FleetException.Kind.NOT_FOUND, "module-not-found", "Module not found",
                            "No module has id or key '" + idOrKey + "'");
        });
    }

    /** Waiting reads on this port now (recvs with a timeout, cursor reads with a wait). */
    int waiting() {
        return pending.get();
    }

    /** A handle on a recv in flight, so that a client that leaves can cancel it. */
    record Pending<T>(CompletableFuture<T> read, CompletableFuture<Answer> answer) {
    }

    /** Starts a recv; {@code raw} answers the bytes as application/octet-stream. */
    Pending<RecvResult> recv(ModuleSession s, Call call, boolean raw) {
        int max = Params.integer(call, "max", 1024);
        if (max < 1 || max > api.maxRecv().toBytes()) {
            throw FleetException.invalid("validation", "Invalid parameter",
                    "max must be between 1 and " + api.maxRecv().toBytes());
        }
        Duration t = Durations.parse("timeout", call.param("timeout"), Duration.ZERO, api.maxWait());
        Payloads.Encoding enc = Payloads.Encoding.parse(call.param("encoding"), Payloads.Encoding.BASE64);
        boolean waits = !t.isZero();
        reserve(waits);
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
        return new Pending<>(wait, answer);
    }

    /** A cursor read ({@code GET .../messages}) with the REST port's parameters, checks and answer. */
    Pending<dev.fleetgateway.session.FrameBatch> messages(ModuleSession s, Call call) {
        int limit = Params.integer(call, "limit", 100);
        long after = Params.longer(call, "after", 0);
        if (limit < 1 || limit > 1000) {
            throw FleetException.invalid("validation", "Invalid parameter", "limit must be between 1 and 1000");
        }
        if (after < 0) {
            throw FleetException.invalid("validation", "Invalid parameter", "after must not be negative");
        }
        Duration w = Durations.parse("wait", call.param("wait"), Duration.ZERO, api.maxWait());
        Payloads.Encoding enc = Payloads.Encoding.parse(call.param("encoding"), Payloads.Encoding.BASE64);
        boolean waits = !w.isZero();
        reserve(waits);
        CompletableFuture<dev.fleetgateway.session.FrameBatch> read = s.read(after, limit, w.toMillis());
        if (waits) {
            read.whenComplete((r, e) -> pending.decrementAndGet());
        }
        CompletableFuture<Answer> answer = read.thenApply(batch -> {
            List<Messages.View> list = batch.frames().stream()
                    .map(f -> Messages.View.of(f, encode(f.data(), enc))).toList();
            long next = list.isEmpty() ? Math.max(after, 0) : list.get(list.size() - 1).seq();
            boolean gap = batch.firstSeq() > after + 1 || (batch.firstSeq() == 0 && batch.lastSeq() > after);
            Messages body = new Messages(s.id(), list, enc.name().toLowerCase(), next, batch.lastSeq(),
                    batch.firstSeq(), gap, batch.eof());
            return new Answer(200, Answer.JSON, json.writeValueAsBytes(body), Map.of());
        });
        return new Pending<>(read, answer);
    }

    // One more waiting read on this port, or the 429 when max-pending-recvs wait already.
    private void reserve(boolean waits) {
        if (waits && pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            onFull.run();
            throw new FleetException(FleetException.Kind.TOO_MANY, "too-many-waits", "Too many waiting reads",
                    "At most " + maxPending + " recvs wait at once on the data-plane port "
                            + "(gateway.data-plane.max-pending-recvs); retry, or use timeout=0");
        }
    }

    private static String encode(byte[] data, Payloads.Encoding enc) {
        if (enc == Payloads.Encoding.TEXT && !Payloads.isUtf8(data)) {
            throw FleetException.conflict("not-text", "Data is not UTF-8 text",
                    "The data is binary; read it with encoding=base64 or hex");
        }
        return Payloads.encode(data, enc);
    }

    private Answer received(ModuleSession s, RecvResult r, Payloads.Encoding enc) {
        byte[] data = r.data() == null ? new byte[0] : r.data();
        String encoded;
        try {
            encoded = encode(data, enc);
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
