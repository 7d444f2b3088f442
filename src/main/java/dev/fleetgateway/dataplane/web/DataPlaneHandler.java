package dev.fleetgateway.dataplane.web;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.fleetgateway.security.Caller;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.RecvResult;
import dev.fleetgateway.system.Futures;
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
 * checked, then served by {@link DataPlaneSends} or {@link DataPlaneReads} — or forwarded by
 * {@link DataPlaneForwards} when another replica holds its module or session — and answered when its future
 * completes, on the event loop, never blocking it. Mutating calls write the REST port's audit line.
 */
final class DataPlaneHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Requests a client may pipeline behind the one in flight before the connection is closed. */
    private static final int MAX_QUEUED = 16;

    private final DataPlane plane;
    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>(2);
    private ChannelHandlerContext ctx;
    private boolean busy;
    private long started;
    /** The request being served, retained until its answer is written (a JWT or a forward reads it later). */
    private FullHttpRequest current;
    /** What to cancel when the client leaves: a waiting read, or a call forwarded to another replica. */
    private volatile CompletableFuture<?> waiting;

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
        started = System.nanoTime();
        current = request.retain();
        ctx.channel().config().setAutoRead(false);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        Call call;
        try {
            call = Call.of(request);
        } catch (RuntimeException malformed) {
            write(plane.problems().unreadable(malformed, "/"), false, null, null, null);
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            write(plane.problems().unreadable(request.decoderResult().cause(), call.rawPath()), false, call, null,
                    null);
            return;
        }
        Route route = Route.of(call.segments());
        if (route == null) {
            write(plane.problems().noEndpoint(call.rawPath()), keepAlive, call, null, null);
            return;
        }
        CompletableFuture<CallerCheck.Outcome> check = plane.callers().check(call);
        if (check.isDone() && !check.isCompletedExceptionally()) {
            checked(check.join(), route, call, keepAlive); // an API key: no hop
        } else {
            check.whenComplete((who, err) -> ctx.executor().execute(() -> {
                if (err != null) {
                    write(plane.problems().failure(err, call.rawPath()), keepAlive, call, null, null);
                } else {
                    checked(who, route, call, keepAlive);
                }
            }));
        }
    }

    private void checked(CallerCheck.Outcome who, Route route, Call call, boolean keepAlive) {
        if (who.refusal() != null) {
            write(who.refusal(), keepAlive, call, who.caller(), null);
            return;
        }
        if (!route.verb().method.equals(call.method())) {
            write(plane.problems().methodNotAllowed(call.method(), route.verb().method, call.rawPath()), keepAlive,
                    call, who.caller(), null);
            return;
        }
        Caller caller = who.caller();
        CompletableFuture<Answer> answer = serve(route, call, false).exceptionallyCompose(t ->
                Futures.unwrap(t) instanceof DataPlaneForwards.Elsewhere e
                        ? plane.forwards().forward(e.owner, route, call, caller,
                                () -> onLoop(() -> serve(route, call, true)), this::cancelOnClose)
                        : CompletableFuture.failedFuture(t));
        answer.whenComplete((a, err) -> {
            Answer out = err == null ? a : plane.problems().failure(err, call.rawPath());
            if (ctx.executor().inEventLoop()) {
                write(out, keepAlive, call, caller, route);
            } else {
                ctx.executor().execute(() -> write(out, keepAlive, call, caller, route));
            }
        });
    }

    /** Serves the call here; {@code local}: even when another replica holds its module (its owner was not reached). */
    private CompletableFuture<Answer> serve(Route route, Call call, boolean local) {
        try {
            return switch (route.verb()) {
                case MODULE_SEND -> plane.sends().toModule(route.target(), call, plane.sends().payload(call), local);
                case SESSION_SEND -> plane.sends().toSession(route.target(), plane.sends().payload(call));
                case SESSION_RECV -> recv(plane.reads().session(route.target()), call);
                case MODULE_RECV -> plane.reads().current(route.target(), local)
                        .thenCompose(s -> onLoop(() -> recv(s, call)));
                case SESSION_MESSAGES -> messages(plane.reads().session(route.target()), call);
                case MODULE_MESSAGES -> plane.reads().current(route.target(), local)
                        .thenCompose(s -> onLoop(() -> messages(s, call)));
            };
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // Found on the pool (or answered by another thread): the step goes on on this connection's loop.
    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> step) {
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
        DataPlaneReads.Pending<RecvResult> p = plane.reads().recv(s, call, raw);
        cancelOnClose(p.read());
        // A client that left before the data came: what the recv took goes back for the next reader.
        p.read().thenAccept(r -> {
            if (!ctx.channel().isActive() && r.outcome() == RecvResult.Outcome.DATA) {
                r.putBack();
            }
        });
        return p.answer();
    }

    private CompletableFuture<Answer> messages(ModuleSession s, Call call) {
        DataPlaneReads.Pending<?> p = plane.reads().messages(s, call);
        cancelOnClose(p.read());
        return p.answer();
    }

    private void cancelOnClose(CompletableFuture<?> f) {
        waiting = f;
        if (!ctx.channel().isActive()) {
            f.cancel(false);
        }
    }

    private void write(Answer a, boolean keepAlive, Call call, Caller caller, Route route) {
        waiting = null;
        if (current != null) {
            current.release();
            current = null;
        }
        AuditLine.write(a, call, caller, route);
        plane.metrics().answered(route, a, started);
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (FullHttpRequest r; (r = queued.poll()) != null;) {
            r.release();
        }
        CompletableFuture<?> w = waiting;
        if (w != null) {
            w.cancel(false); // frees its place among the session's waiting readers, or the forwarded call's
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
}
