package dev.fleetgateway.system.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.fleetgateway.system.web.ApiOperations.Op;
import dev.fleetgateway.system.web.ApiOperations.Param;
import tools.jackson.databind.JsonNode;

/**
 * Mutated HTTP requests for one operation of the OpenAPI document: odd or unknown path values, bad query
 * values and malformed query strings, mutated bodies, wrong methods, odd Accept and Content-Type headers and
 * raw encodings no client library would send. Waits are kept short so no request blocks for long.
 */
final class FuzzRequests {

    /** One request, exactly as written on the wire, with what was mutated. */
    record Request(String op, String mutation, String method, String target, List<String> headers, byte[] body) {

        byte[] head() {
            StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            sb.append("Host: 127.0.0.1\r\nConnection: close\r\n");
            sb.append("Authorization: ").append(dev.fleetgateway.support.Http.TEST_BEARER).append("\r\n");
            headers.forEach(h -> sb.append(h).append("\r\n"));
            if (body != null) {
                sb.append("Content-Length: ").append(body.length).append("\r\n");
            }
            return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8);
            return op + " [" + mutation + "] " + method + " " + (target.length() > 160 ? target.substring(0, 160)
                    + "…" : target) + " " + headers + " " + b;
        }
    }

    private static final List<String> PATH_VALUES = List.of("nope", "0", "-1", "%2F", "..", "%2e%2e", "a%20b",
            "%zz", "%", "%00", "%C3%A9", "{id}", "x;y=1", "999999999999999999999999", "a".repeat(2_000), "%25",
            "00000000-0000-0000-0000-000000000000", "fleet-1", "866327040000000", "*");
    private static final List<String> QUERY_VALUES = List.of("", "-1", "0", "1", "2147483647", "2147483648",
            "99999999999999999999", "abc", "1.5", "true", ",", "%zz", "%", "%00", "a%2Cb", "100ms", "1s", "5m",
            "PT0.1S", "-5s", "1h", "x".repeat(3_000), "text", "hex", "base64", "opened,closed", "opened,opened", "opened,", "REAL", "QUEUED",
            "name,desc", "site:berlin", ":", "%E2%9C%93");
    private static final List<String> MALFORMED_QUERIES = List.of("=1", "a=%zz", "%", "&&&", "a==b", "=",
            "page=1&page=2", "a=%G0", "%ZZ=1", "a=1&=2");
    private static final List<String> ACCEPTS = List.of("application/json", "*/*", "application/problem+json",
            "text/html", "image/png", "application/xml", "text/event-stream", "application/octet-stream",
            "application/json;q=0", ";;;", "text/*", "application/*+json");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/xml",
            "application/octet-stream", "x", "application/json;charset=EBCDIC", "multipart/form-data",
            "application/x-www-form-urlencoded", "application/json;charset=UTF-8", "application/merge-patch+json");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "HEAD", "TRACE", "FOO", "PROPFIND");

    private final Random random;
    private final BodyFuzz bodies;
    private final List<String> knownIds;
    private final long sizeLimit;

    FuzzRequests(Random random, BodyFuzz bodies, List<String> knownIds, long sizeLimit) {
        this.random = random;
        this.bodies = bodies;
        this.knownIds = knownIds;
        this.sizeLimit = sizeLimit;
    }

    Request next(Op op) {
        List<String> mutations = new ArrayList<>();
        String method = op.method();
        if (random.nextInt(12) == 0) {
            method = METHODS.get(random.nextInt(METHODS.size()));
            mutations.add("method");
        }
        String path = path(op, mutations);
        String query = query(op, mutations);
        List<String> headers = new ArrayList<>();
        int a = random.nextInt(4);
        if (a == 0) {
            headers.add("Accept: " + ACCEPTS.get(random.nextInt(ACCEPTS.size())));
            mutations.add("accept");
        } else if (a == 1) {
            headers.add("Accept: application/json");
        }
        if (random.nextInt(25) == 0) {
            headers.add(random.nextBoolean() ? "X-Big: " + "h".repeat(12_000) : "Bad Header: x");
            mutations.add("header");
        }
        byte[] body = null;
        if (!op.consumes().isEmpty() || random.nextInt(10) == 0) {
            BodyFuzz.Body b = bodies.next(op.bodySchema(), sizeLimit);
            body = b.bytes();
            mutations.add("body:" + b.kind());
            String ct = op.consumes().isEmpty() || random.nextInt(6) == 0
                    ? CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())) : op.consumes().get(0);
            if (random.nextInt(20) != 0) {
                headers.add("Content-Type: " + ct);
            }
        }
        return new Request(op.id(), String.join(",", mutations), method, path + query, headers, body);
    }

    private String path(Op op, List<String> mutations) {
        String path = op.path();
        for (Param p : op.params()) {
            if (!p.in().equals("path")) {
                continue;
            }
            String v;
            int r = random.nextInt(10);
            if (r < 4 && !knownIds.isEmpty()) {
                v = knownIds.get(random.nextInt(knownIds.size()));
            } else {
                v = PATH_VALUES.get(random.nextInt(PATH_VALUES.size()));
                mutations.add("path:" + p.name());
            }
            path = path.replace("{" + p.name() + "}", v);
        }
        if (random.nextInt(40) == 0) {
            path = path + (random.nextBoolean() ? "/" : "/extra");
            mutations.add("path-suffix");
        }
        return path;
    }

    private String query(Op op, List<String> mutations) {
        if (random.nextInt(15) == 0) {
            mutations.add("malformed-query");
            return "?" + MALFORMED_QUERIES.get(random.nextInt(MALFORMED_QUERIES.size()));
        }
        StringBuilder q = new StringBuilder();
        for (Param p : op.params()) {
            if (!p.in().equals("query") || random.nextBoolean()) {
                continue;
            }
            q.append(q.isEmpty() ? "?" : "&").append(p.name()).append('=').append(queryValue(p, mutations));
        }
        if (random.nextInt(10) == 0) {
            q.append(q.isEmpty() ? "?" : "&").append("unknown=1");
            mutations.add("unknown-param");
        }
        return q.toString();
    }

    private String queryValue(Param p, List<String> mutations) {
        boolean wait = p.name().matches("(?i)wait|timeout");
        if (random.nextInt(3) > 0) {
            if (wait) {
                return random.nextBoolean() ? "0" : "50ms";
            }
            JsonNode e = p.schema().path("enum");
            if (e.isArray() && !e.isEmpty()) {
                return e.get(random.nextInt(e.size())).asString();
            }
            if ("integer".equals(p.schema().path("type").asString())) {
                return String.valueOf(random.nextInt(5));
            }
        }
        mutations.add("query:" + p.name());
        String v = QUERY_VALUES.get(random.nextInt(QUERY_VALUES.size()));
        // waits stay short: a mutated wait is either invalid or refused by gateway.api.max-wait
        return wait && v.matches("\\d+") ? "0" : v;
    }
}
