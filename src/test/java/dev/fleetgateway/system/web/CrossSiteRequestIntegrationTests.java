package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;
import dev.fleetgateway.system.web.ApiOperations.Op;

/**
 * With the default settings no other site's page can change state: every state-changing operation of the OpenAPI
 * document refuses the bodies an HTML form can send (415), a request the browser marks cross-site is refused
 * (403), and CORS is off (a preflight is refused and answers no Access-Control-Allow-Origin).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CrossSiteRequestIntegrationTests {

    static final String EVIL = "https://evil.example";

    static final List<String> FORM_BODIES = List.of("application/x-www-form-urlencoded",
            "multipart/form-data; boundary=----x", "text/plain;charset=UTF-8");

    @LocalServerPort
    int port;

    HttpResponse<byte[]> send(Http http, String method, String path, String contentType, String body,
            String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.url(path)))
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.raw(b);
    }

    static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", "1");
    }

    @Test
    void noStateChangingOperationTakesAFormBody() {
        Http http = new Http(port);
        List<Op> ops = ApiOperations.read(Http.parse(http.get("/v3/api-docs").body()));
        List<Op> changing = ops.stream()
                .filter(op -> Set.of("POST", "PUT", "PATCH", "DELETE").contains(op.method())).toList();
        assertThat(changing).as("state-changing operations").hasSizeGreaterThan(15);
        List<String> reached = new ArrayList<>();
        for (Op op : changing) {
            for (String type : FORM_BODIES) {
                HttpResponse<byte[]> r = send(http, op.method(), concrete(op.path()), type, "data=x", "Origin", EVIL);
                String ct = r.headers().firstValue("Content-Type").orElse("");
                if (r.statusCode() != 415 || !ct.startsWith("application/problem+json")) {
                    reached.add(op.id() + " with " + type + " -> " + r.statusCode());
                }
            }
        }
        assertThat(reached).as("operations a cross-site form could reach").isEmpty();
    }

    @Test
    void aStateChangeFromAnotherSitesPageIsRefused() {
        Http http = new Http(port);
        // A no-cors fetch needs no form body: the browser still says where it comes from.
        HttpResponse<byte[]> r = send(http, "POST", "/api/v1/modules", null, "", "Origin", EVIL,
                "Sec-Fetch-Site", "cross-site");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("cross-origin-refused");

        // The same call from the gateway's own pages (Swagger UI) and from clients that are not browsers works.
        HttpResponse<byte[]> own = send(http, "POST", "/api/v1/modules", "application/json",
                "{\"moduleKey\":\"cross-site-own\"}", "Sec-Fetch-Site", "same-origin");
        assertThat(own.statusCode()).isEqualTo(201);
        assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"cross-site-plain\"}").status()).isEqualTo(201);
        // Reading is not state-changing: a cross-site GET runs, and without CORS the page cannot read it.
        HttpResponse<byte[]> read = http.raw(HttpRequest.newBuilder(URI.create(http.url("/api/v1/modules")))
                .header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").GET());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void corsIsOffByDefault() {
        Http http = new Http(port);
        HttpResponse<byte[]> preflight = http.raw(HttpRequest.newBuilder(URI.create(http.url("/api/v1/modules")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", EVIL)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
