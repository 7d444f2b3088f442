package dev.fleetgateway.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny real-HTTP client for full-stack tests. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The admin key (every role) that src/test/resources/config/application.yml bootstraps in every context. */
    public static final String TEST_KEY = "test-admin-key";

    /** The header value that carries {@link #TEST_KEY}. */
    public static final String TEST_BEARER = "Bearer " + TEST_KEY;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    /** A client that sends the test admin key unless a request sets its own Authorization. */
    public Http(int port) {
        this(port, TEST_KEY);
    }

    /** A client that sends the given key, or no credential at all when it is null. */
    public Http(int port, String key) {
        this("127.0.0.1", port, key);
    }

    /** A client of a server on another loopback address (127.0.0.11, ...: the cluster harness's replicas). */
    public Http(String host, int port, String key) {
        this.base = "http://" + host + ":" + port;
        this.key = key;
    }

    /** A response with its parsed JSON body (null when the body is empty or not JSON). */
    public record Response(int status, String contentType, String body, JsonNode json) {
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response patch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public HttpResponse<byte[]> raw(HttpRequest.Builder request) {
        try {
            return client.send(withKey(request.timeout(Duration.ofSeconds(60)).build()),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The request with this client's key added, unless it carries an Authorization of its own. */
    public HttpRequest withKey(HttpRequest request) {
        if (key == null || request.headers().firstValue("Authorization").isPresent()) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Bearer " + key).build();
    }

    public String url(String path) {
        return base + path;
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<byte[]> r = raw(request);
        String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = null;
        if (ct.contains("json") && !body.isEmpty()) {
            json = JSON.readTree(body);
        }
        return new Response(r.statusCode(), ct, body, json);
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
