package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;

/** CORS allows the listed origins and no others; Swagger UI and the OpenAPI document can be switched off. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.api.cors.allowed-origins=https://console.example.com",
        "gateway.api.cors.max-age=10m",
        "gateway.api.docs-enabled=false"})
class CorsAndDocsSettingsIntegrationTests {

    static final String CONSOLE = "https://console.example.com";

    @LocalServerPort
    int port;

    HttpResponse<byte[]> preflight(Http http, String origin) {
        return http.raw(HttpRequest.newBuilder(URI.create(http.url("/api/v1/modules")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
    }

    @Test
    void aListedOriginMayCallTheApiAndOthersMayNot() {
        Http http = new Http(port);
        HttpResponse<byte[]> allowed = preflight(http, CONSOLE);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(CONSOLE);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).contains("600");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        HttpResponse<byte[]> created = http.raw(HttpRequest.newBuilder(URI.create(http.url("/api/v1/modules")))
                .header("Origin", CONSOLE).header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"moduleKey\":\"from-console\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Access-Control-Allow-Origin")).contains(CONSOLE);

        HttpResponse<byte[]> other = preflight(http, "https://evil.example");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void docsCanBeSwitchedOff() {
        Http http = new Http(port);
        for (String path : List.of("/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html")) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(http.get("/api/v1/stats").status()).isEqualTo(200);
    }
}
