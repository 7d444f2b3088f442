package dev.fleetgateway.system.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/** One example problem per HTTP status, as the OpenAPI document shows them under each error answer. */
final class ProblemExamples {

    private ProblemExamples() {
    }

    static Map<String, Object> of(int status) {
        return switch (status) {
            case 400 -> example(400, "validation", "Validation failed",
                    "1 invalid field(s): connectTimeout must be between 100ms and 5m",
                    Map.of("errors", List.of(Map.of("field", "connectTimeout",
                            "message", "must be between 100ms and 5m"))));
            case 401 -> example(401, "unauthenticated", "Authentication required",
                    "Send an API key (or a token) as 'Authorization: Bearer <key>'", Map.of());
            case 403 -> example(403, "missing-role", "Missing role",
                    "POST /api/v1/modules/866327040123456/send needs the 'send' role; 'dashboard' has [read]", Map.of());
            case 404 -> example(404, "module-not-found", "Module not found",
                    "No module has id or key '866327040123456'", Map.of());
            case 408 -> example(408, "no-data", "No data", "recv timed out after 5000 ms",
                    Map.of("errno", 110, "errnoName", "ETIMEDOUT"));
            case 409 -> example(409, "module-offline", "Module offline",
                    "Module '866327040123456' has no open session", Map.of());
            case 413 -> example(413, "payload-too-large", "Payload too large",
                    "The payload is larger than gateway.api.max-payload (1048576 bytes)", Map.of());
            case 415 -> example(415, null, "Unsupported Media Type",
                    "Content-Type 'text/plain' is not supported.", Map.of());
            case 429 -> example(429, "rate-limited", "Too many requests",
                    "The request quota of this API key is spent; retry after 1 s", Map.of());
            case 502 -> example(502, "dial-failed", "Dial failed", "connect to 127.0.0.1:34187 failed: "
                    + "[Errno 111] ECONNREFUSED", Map.of("errno", 111, "errnoName", "ECONNREFUSED"));
            case 503 -> example(503, "module-not-reading", "Module not reading",
                    "The module is not reading; nothing was written, retry later", Map.of());
            case 504 -> example(504, null, "Gateway Timeout", "The peer did not answer in time", Map.of());
            default -> {
                HttpStatus s = HttpStatus.resolve(status);
                String title = s != null ? s.getReasonPhrase() : "Error";
                yield example(status, null, title, title, Map.of());
            }
        };
    }

    private static Map<String, Object> example(int status, String type, String title, String detail,
            Map<String, Object> more) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type == null ? "about:blank" : Problems.TYPE_BASE + type);
        m.put("title", title);
        m.put("status", status);
        m.put("detail", detail);
        m.putAll(more);
        return m;
    }
}
