package dev.fleetgateway.bench.baseline;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The baseline's HTTP side: {@code GET /health}, {@code GET /stats}, {@code POST /send/<key>} (body sent
 * as-is, answered with {@code {"sent":n}} once flushed, like the gateway's send; 404 for an unknown key) and
 * {@code GET /recv/<key>} (always 408, the answer of a non-blocking recv with no data). No JSON parsing, no
 * routing framework: the floor a REST call can cost on this machine.
 */
final class BaselineHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final BaselineState state;

    BaselineHttpHandler(BaselineState state) {
        this.state = state;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        String uri = req.uri();
        if (req.method() == HttpMethod.POST && uri.startsWith("/send/")) {
            Channel module = state.byKey.get(uri.substring(6));
            if (module == null) {
                respond(ctx, HttpResponseStatus.NOT_FOUND, "{}", keepAlive);
                return;
            }
            int n = req.content().readableBytes();
            module.writeAndFlush(req.content().retainedDuplicate()).addListener(f -> respond(ctx,
                    f.isSuccess() ? HttpResponseStatus.OK : HttpResponseStatus.CONFLICT, "{\"sent\":" + n + "}",
                    keepAlive));
        } else if (req.method() == HttpMethod.GET && uri.startsWith("/recv/")) {
            // The baseline buffers nothing for REST readers: a non-blocking recv always finds no data.
            respond(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "{\"errno\":11}", keepAlive);
        } else if (uri.equals("/stats")) {
            respond(ctx, HttpResponseStatus.OK, state.statsJson(), keepAlive);
        } else if (uri.equals("/health")) {
            respond(ctx, HttpResponseStatus.OK, "{\"status\":\"UP\"}", keepAlive);
        } else {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "{}", keepAlive);
        }
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean keepAlive) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(f -> ctx.close());
        }
    }
}
