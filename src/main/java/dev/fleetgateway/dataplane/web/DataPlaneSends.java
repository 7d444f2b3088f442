package dev.fleetgateway.dataplane.web;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.fleetgateway.module.ModuleService;
import dev.fleetgateway.outbox.ModuleSender;
import dev.fleetgateway.outbox.OutboxProperties;
import dev.fleetgateway.outbox.OutboxView;
import dev.fleetgateway.outbox.SendOptions;
import dev.fleetgateway.outbox.SendOutcome;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SendException;
import dev.fleetgateway.session.SendPending;
import dev.fleetgateway.session.SendTimer;
import dev.fleetgateway.session.Sent;
import dev.fleetgateway.session.SessionQueries;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.system.ApiProperties;
import dev.fleetgateway.system.Futures;
import dev.fleetgateway.system.Payloads;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two sends, with the REST controllers' request bodies, options and answers. A module key with an open session
 * here and no queueing is sent to on the event loop (the session table is memory); anything else goes through the
 * same {@link ModuleSender} on the bounded pool, so offline, unknown and queued answers are the REST port's.
 */
final class DataPlaneSends {

    /** The JSON body of a send, as the REST port reads it. */
    record Single(String data, String encoding) {
    }

    /** The body of a 202 for a queued message, as the REST port writes it. */
    private static final String OUTBOX = "/api/v1/outbox/";

    private final ModuleSender sender;
    private final SessionRegistry registry;
    private final SessionQueries queries;
    private final ModuleService modules;
    private final DataPlaneForwards forwards;
    private final SendTimer sendTimer;
    private final ApiProperties api;
    private final OutboxProperties outbox;
    private final JsonMapper json;
    private final DataPlaneWorkers workers;

    DataPlaneSends(ModuleSender sender, SessionRegistry registry, SessionQueries queries, ModuleService modules,
            DataPlaneForwards forwards, SendTimer sendTimer, ApiProperties api, OutboxProperties outbox,
            JsonMapper json, DataPlaneWorkers workers) {
        this.sender = sender;
        this.registry = registry;
        this.queries = queries;
        this.modules = modules;
        this.forwards = forwards;
        this.sendTimer = sendTimer;
        this.api = api;
        this.outbox = outbox;
        this.json = json;
        this.workers = workers;
    }

    /** POST /api/v1/modules/{idOrKey}/send; runs on the event loop. */
    CompletableFuture<Answer> toModule(String idOrKey, Call call, byte[] data, boolean local) {
        SendOptions options = SendOptions.parse(Params.bool(call, "queue"), call.param("ttl"), outbox);
        if (!options.queue() && !ModuleService.mayBeId(idOrKey)
                && registry.findByModuleKey(idOrKey).filter(ModuleSession::isOpen).isPresent()) {
            // Memory only: a live key without queueing never reaches the registry or the outbox.
            return moduleAnswer(sendNow(idOrKey, data, options));
        }
        return workers.submit(() -> {
            if (!local) {
                forwards.checkModule(idOrKey); // another replica's module is forwarded to it
            }
            return sender.send(idOrKey, data, options);
        }).thenCompose(o -> moduleAnswer(CompletableFuture.completedFuture(o)));
    }

    private CompletableFuture<SendOutcome> sendNow(String key, byte[] data, SendOptions options) {
        try {
            return sender.send(key, data, options);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // closed since the look-up: 409 offline, as REST says
        }
    }

    private CompletableFuture<Answer> moduleAnswer(CompletableFuture<SendOutcome> outcome) {
        return outcome.thenApply(o -> {
            if (o.isPending()) {
                return answer(202, new SendPending("PENDING", o.pending(), o.sessionId(), o.pendingOutboundBytes()));
            }
            if (o.isQueued()) {
                OutboxView m = o.queued();
                return answer(202, new SendOutcome.Queued(m.messageId(), m.state(), m.expiresAt()))
                        .withHeader("Location", OUTBOX + m.messageId());
            }
            return answer(200, new Sent(o.sent(), o.sessionId()));
        });
    }

    /** POST /api/v1/sessions/{id}/send; the session table is memory, so this runs on the event loop. */
    CompletableFuture<Answer> toSession(String id, byte[] data) {
        ModuleSession s = registry.find(id).orElse(null);
        if (s == null) {
            forwards.checkSession(id); // another replica's session is forwarded to it
            throw SessionQueries.sessionNotFound(id);
        }
        return sendTimer.time(SendTimer.Addressing.SESSION, () -> s.send(data)).handle((n, err) -> {
            if (err != null) {
                if (Futures.unwrap(err) instanceof SendException e && e.failure() == SendException.Failure.TIMEOUT) {
                    return answer(202, SendPending.of(data.length, s));
                }
                throw Futures.rethrowable(err);
            }
            return answer(200, new Sent(n, s.id()));
        });
    }

    /** The body of a send is JSON or raw octets; missing Content-Type is raw, as Spring MVC takes it. */
    private static boolean json(Call call) {
        String type = call.contentType();
        if (type == null) {
            return false;
        }
        String base = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (base.equals("application/json")) {
            return true;
        }
        if (base.equals("application/octet-stream")) {
            return false;
        }
        throw new Unsupported(type);
    }

    /** The bytes of a send body: JSON {@code {data, encoding}} or raw octets, bounded by the payload limit. */
    byte[] payload(Call call) {
        boolean json = json(call);
        long max = api.maxPayload().toBytes();
        io.netty.buffer.ByteBuf content = call.request().content();
        if (!json) {
            Payloads.checkSize(content.readableBytes(), max);
            byte[] raw = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), raw);
            return raw;
        }
        Single body = read(content);
        return Payloads.decode(body.data(), Payloads.Encoding.parse(body.encoding(), Payloads.Encoding.TEXT), max);
    }

    private Single read(io.netty.buffer.ByteBuf content) {
        if (content.readableBytes() == 0) {
            throw new Unreadable(new IllegalArgumentException("Required request body is missing"));
        }
        try (var in = new io.netty.buffer.ByteBufInputStream(content.duplicate())) {
            Single body = json.readValue((java.io.InputStream) in, Single.class);
            if (body == null) {
                throw new Unreadable(new IllegalArgumentException("Required request body is missing"));
            }
            return body;
        } catch (tools.jackson.core.JacksonException e) {
            throw new Unreadable(e);
        } catch (java.io.IOException e) {
            throw new Unreadable(e);
        }
    }

    private Answer answer(int status, Object body) {
        return new Answer(status, Answer.JSON, json.writeValueAsBytes(body), Map.of());
    }

    /** A body Jackson refused; rendered as REST's malformed-body problem. */
    static final class Unreadable extends RuntimeException {

        Unreadable(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** A Content-Type the sends do not take. */
    static final class Unsupported extends RuntimeException {

        Unsupported(String type) {
            super(type, null, false, false);
        }
    }
}
