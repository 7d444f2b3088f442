package dev.fleetgateway.dataplane.web;

import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * One request as the verbs read it: method, raw and decoded path, query parameters, headers of interest.
 *
 * @param method HTTP method
 * @param rawPath the path as sent (the problem's {@code instance}, as REST gives it)
 * @param segments the decoded path segments
 * @param params query parameters
 * @param request the aggregated request (body and headers)
 */
record Call(String method, String rawPath, List<String> segments, Map<String, List<String>> params,
        FullHttpRequest request) {

    static Call of(FullHttpRequest request) {
        QueryStringDecoder q = new QueryStringDecoder(request.uri());
        String raw = q.rawPath();
        List<String> segments = new java.util.ArrayList<>();
        for (String s : raw.split("/", -1)) {
            if (!s.isEmpty()) {
                segments.add(QueryStringDecoder.decodeComponent(s));
            }
        }
        return new Call(request.method().name(), raw, segments, q.parameters(), request);
    }

    /** A query parameter's first value, or null. */
    String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    String header(CharSequence name) {
        return request.headers().get(name);
    }

    String contentType() {
        return header(HttpHeaderNames.CONTENT_TYPE);
    }
}
