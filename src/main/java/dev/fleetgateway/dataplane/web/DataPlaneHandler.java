package dev.fleetgateway.dataplane.web;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.fleetgateway.security.Caller;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.RecvResult;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * One connection of the data-plane port. Requests are served one at a time (reading stops while one is in
 * flight, so a pipelining client gets its answers in order and cannot pile up work); each is routed, its caller
 * checked, then served by {@link DataPlaneSends} or {@link DataPlaneReads} and answered when its future
 * completes — on the event loop, never blocking it. Mutating calls write the REST port's audit line.
 */
final class DataPlaneHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger audit = LoggerFactory.getLogger("fleet.audit");

    /** Requests a client may pipeline behind the one in flight before the connection is closed. */
    private static final int MAX_QUEUED = 16;

    private final DataPlane plane;
    private final java.util.ArrayDeque<FullHttpRequest> queued = new java.util.ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    private boolean busy;
    private DataPlaneReads.Pending recv;

    DataPlaneHandler(DataPlane plane) {
        this.plane = plane;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (busy) {
            // Pipelined behind one in flight (bytes read before reading stopped): answered in order, after it.
            if (queued.size() >= MAX_QUEUED) {
                ctx.close();
                return;
            }
            queued.add(request.retain());
            return;
        }
        handle(request);
    }

    private void handle(FullHttpRequest request) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        Call call;
        try {
            call = Call.of(request);
        } catch (RuntimeException malformed) {
            write(plane.problems().unreadable(malformed, "/"), false, null, null);
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            write(plane.problems().unreadable(request.decoderResult().cause(), call.rawPath()), false, call, null);
            return;
        }
        Route route = Route.of(call.segments());
        if (route == null) {
            write(plane.problems().noEndpoint(call.rawPath()), keepAlive, call, null);
            return;
        }
        CallerCheck.Outcome who = plane.callers().check(call);
        if (who.refusal() != null) {
            write(who.refusal(), keepAlive, call, who.caller() == null ? null : who.caller());
            return;
        }
        if (!route.verb().method.equals(call.method())) {
            write(plane.problems().methodNotAllowed(call.method(), route.verb().method, call.rawPath()), keepAlive,
                    call, who.caller());
            return;
        }
        CompletableFuture<Answer> answer;
        try {
            answer = serve(route, call);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        Caller caller = who.caller();
        answer.whenComplete((a, err) -> {
            Answer out = err == null ? a : failure(err, call);
            if (ctx.executor().inEventLoop()) {
                write(out, keepAlive, call, caller, route);
            } else {
                ctx.executor().execute(() -> write(out, keepAlive, call, caller, route));
            }
        });
    }

    private CompletableFuture<Answer> serve(Route route, Call call) {
        return switch (route.verb()) {
            case MODULE_SEND -> plane.sends().toModule(route.target(), call, plane.sends().payload(call, json(call)));
            case SESSION_SEND -> plane.sends().toSession(route.target(), plane.sends().payload(call, json(call)));
            case SESSION_RECV -> recv(plane.reads().session(route.target()), call);
            case MODULE_RECV -> plane.reads().current(route.target()).thenCompose(s -> onLoop(() -> recv(s, call)));
        };
    }

    // The session was found on the pool: the recv starts back on this connection's loop, where its handle lives.
    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> out = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            try {
                step.get().whenComplete((v, t) -> {
                    if (t != null) {
                        out.completeExceptionally(t);
                    } else {
                        out.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    private CompletableFuture<Answer> recv(ModuleSession s, Call call) {
        String accept = call.header(HttpHeaderNames.ACCEPT);
        boolean raw = accept != null && accept.contains("application/octet-stream")
                && !accept.contains("application/json");
        DataPlaneReads.Pending p = plane.reads().recv(s, call, raw);
        recv = p;
        // A client that left before the data came: what the recv took goes back for the next reader.
        p.read().thenAccept(r -> {
            if (!ctx.channel().isActive() && r.outcome() == RecvResult.Outcome.DATA) {
                r.putBack();
            }
        });
        return p.answer();
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

    private Answer failure(Throwable err, Call call) {
        Throwable t = dev.fleetgateway.system.Futures.unwrap(err);
        DataPlaneProblems problems = plane.problems();
        String path = call.rawPath();
        if (t instanceof Params.Bad b) {
            return problems.badParameter(b.name, b.value, path);
        }
        if (t instanceof DataPlaneSends.Unreadable u) {
            return problems.unreadable(u.getCause(), path);
        }
        if (t instanceof DataPlaneSends.HeldElsewhere h) {
            return problems.heldElsewhere(h.getMessage(), path);
        }
        if (t instanceof DataPlaneWorkers.Busy) {
            return problems.busy(path);
        }
        if (t instanceof Unsupported u) {
            return problems.unsupportedType(u.getMessage(), path);
        }
        return problems.of(t, path);
    }

    private void write(Answer a, boolean keepAlive, Call call, Caller caller) {
        write(a, keepAlive, call, caller, null);
    }

    private void write(Answer a, boolean keepAlive, Call call, Caller caller, Route route) {
        recv = null;
        if (call != null && !"GET".equals(call.method()) && !"HEAD".equals(call.method())) {
            audit(a, call, caller, route);
        }
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(a.status()), Unpooled.wrappedBuffer(a.body()));
        if (a.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
        }
        for (Map.Entry<String, String> h : a.headers().entrySet()) {
            response.headers().set(h.getKey(), h.getValue());
        }
        HttpUtil.setContentLength(response, a.body().length);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (call != null && call.request().protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(response);
        busy = false;
        FullHttpRequest next = queued.poll();
        if (next != null) {
            try {
                handle(next);
            } finally {
                next.release();
            }
            return;
        }
        ctx.channel().config().setAutoRead(true);
    }

    // The REST port's line (security.web.AuditFilter): the route pattern and module once a handler matched, the
    // raw path and no module for a call refused before.
    private static void audit(Answer a, Call call, Caller caller, Route route) {
        String op = route != null ? route.verb().pattern : call.rawPath();
        String module = route != null && route.verb().byModule ? route.target() : "-";
        audit.info("audit key={} operation=\"{} {}\" module={} outcome={}", clean(caller == null ? "-" : caller.name()),
                call.method(), clean(op), clean(module), a.status());
    }

    private static String clean(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 128));
        for (int i = 0; i < s.length() && b.length() < 128; i++) {
            char c = s.charAt(i);
            b.append(c < 0x21 || c == 0x7f || c == '"' ? '_' : c);
        }
        return b.toString();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (FullHttpRequest r; (r = queued.poll()) != null;) {
            r.release();
        }
        DataPlaneReads.Pending p = recv;
        if (p != null) {
            p.read().cancel(false); // frees its place among the session's waiting readers
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (!busy) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or a TLS failure: nothing to answer
    }

    /** A Content-Type the sends do not take. */
    static final class Unsupported extends RuntimeException {

        Unsupported(String type) {
            super(type, null, false, false);
        }
    }
}
