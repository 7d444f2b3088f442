package dev.fleetgateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.TestCertificates;

/**
 * The data-plane port beside an HTTPS REST port: a real TLS handshake on loopback with the REST port's SSL bundle
 * (certificate made for the test), the same answers as the REST port over HTTPS, and no plain HTTP.
 */
class DataPlaneTlsIntegrationTests {

    private static Path dir;
    private static TestCertificates ca;
    private static ConfigurableApplicationContext app;
    private static int restPort;
    private static int planePort;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("fleet-dataplane-tls");
        ca = TestCertificates.authority(dir);
        ca.issue("server", "CN=localhost,O=DataPlane", "dns:localhost,ip:127.0.0.1")
                .writePem(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        app = SpringApplication.run(FleetGatewayApplication.class, "--server.port=0",
                "--server.ssl.bundle=gateway",
                "--spring.ssl.bundle.pem.gateway.keystore.certificate=file:" + dir.resolve("tls.crt"),
                "--spring.ssl.bundle.pem.gateway.keystore.private-key=file:" + dir.resolve("tls.key"),
                "--gateway.data-plane.enabled=true", "--gateway.data-plane.port=0",
                "--gateway.data-plane.bind-address=127.0.0.1");
        restPort = ((WebServerApplicationContext) app).getWebServer().getPort();
        planePort = app.getBean(DataPlaneServer.class).localPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> call(int port, String method, String path, String json) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext(null))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .header("Authorization", Http.TEST_BEARER).timeout(Duration.ofSeconds(30));
        b = json == null ? b.GET() : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(int port, String path) {
        try {
            return call(port, "GET", path, null).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void servesSendAndRecvOverTlsWithTheRestPortsCertificate() throws Exception {
        int modulePort = app.getBean(ModuleServer.class).localPort();
        try (ModuleClient module = ModuleClient.hello(modulePort, "dp-tls-1")) {
            Await.until("dp-tls-1 identified", () -> status(planePort, "/api/v1/modules/dp-tls-1/recv") == 408);
            HttpResponse<String> sent = call(planePort, "POST", "/api/v1/modules/dp-tls-1/send", "{\"data\":\"tls\"}");
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(new String(module.recvExactly(3), StandardCharsets.UTF_8)).isEqualTo("tls");
            X509Certificate served = (X509Certificate) sent.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(served.getSubjectX500Principal().getName()).contains("O=DataPlane");

            HttpResponse<String> viaRest = call(restPort, "POST", "/api/v1/modules/dp-tls-1/send",
                    "{\"data\":\"tls\"}");
            module.recvExactly(3);
            assertThat(Http.parse(sent.body())).isEqualTo(Http.parse(viaRest.body()));

            HttpResponse<String> none = call(planePort, "GET", "/api/v1/modules/dp-tls-1/recv?timeout=0", null);
            assertThat(none.statusCode()).isEqualTo(408);
            assertThat(Http.parse(none.body()))
                    .isEqualTo(Http.parse(call(restPort, "GET", "/api/v1/modules/dp-tls-1/recv?timeout=0", null)
                            .body()));
        }
    }

    @Test
    void servesNoPlainHttp() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + planePort
                + "/api/v1/modules/x/recv")).header("Authorization", Http.TEST_BEARER)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }
}
