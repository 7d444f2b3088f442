package dev.fleetgateway.bench.proc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** One shared async-capable HTTP client and JSON mapper for the harness's REST calls. */
public final class Http {

    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The admin key the harness gives the gateway it starts (the same as the tests' key). */
    public static final String KEY = dev.fleetgateway.support.Http.TEST_KEY;

    /** A request builder that carries the harness's key. */
    public static HttpRequest.Builder newBuilder(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + KEY);
    }

    private Http() {
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> res = get(url);
        if (res.statusCode() != 200) {
            throw new IOException("GET " + url + " -> " + res.statusCode() + " " + res.body());
        }
        return JSON.readTree(res.body());
    }

    public static HttpResponse<String> post(String url, String contentType, String body)
            throws IOException, InterruptedException {
        return CLIENT.send(newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
