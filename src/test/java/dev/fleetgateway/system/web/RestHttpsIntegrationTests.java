package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.TestCertificates;

/**
 * HTTPS on the REST port from the same SSL bundle as the module port (PEM files, as cert-manager writes them),
 * reloaded when the files change; the management port stays plain HTTP for probes and scrapes in the cluster.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.ssl.bundle=gateway",
        "gateway.modules.tls.bundle=gateway",
        "gateway.modules.tls.port=0",
        "spring.ssl.bundle.pem.gateway.reload-on-update=true",
        "spring.ssl.bundle.watch.file.quiet-period=100ms"})
class RestHttpsIntegrationTests {

    static final Path DIR;
    static final TestCertificates CA;

    static {
        try {
            DIR = Files.createTempDirectory("fleet-rest-tls");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CA = TestCertificates.authority(DIR);
        CA.issue("server", "CN=localhost,O=First", "dns:localhost,ip:127.0.0.1")
                .writePem(DIR.resolve("tls.crt"), DIR.resolve("tls.key"));
    }

    @DynamicPropertySource
    static void bundle(DynamicPropertyRegistry r) {
        r.add("spring.ssl.bundle.pem.gateway.keystore.certificate", () -> "file:" + DIR.resolve("tls.crt"));
        r.add("spring.ssl.bundle.pem.gateway.keystore.private-key", () -> "file:" + DIR.resolve("tls.key"));
    }

    @LocalServerPort
    int httpsPort;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ModuleServer modules;

    HttpResponse<String> get(String path) throws Exception {
        // A new client per call: a new TLS handshake, so a renewed certificate is seen at once.
        HttpClient client = HttpClient.newBuilder().sslContext(CA.clientContext(null))
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + path))
                .header("Authorization", "Bearer " + dev.fleetgateway.support.Http.TEST_KEY)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String subject(HttpResponse<?> r) throws Exception {
        return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSubjectX500Principal()
                .getName();
    }

    @Test
    void restAnswersOverHttpsWithTheModulePortsBundle() throws Exception {
        HttpResponse<String> r = get("/api/v1/stats");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(subject(r)).contains("CN=localhost");
        assertThat(modules.tlsPort()).as("the module port's TLS listener, from the same bundle").isPositive();
    }

    @Test
    void plainHttpIsNotServedOnTheRestPort() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpsPort
                    + "/api/v1/stats")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            // Tomcat answers a plain request on a TLS connector with a 400 and no API data, if at all.
            assertThat(r.statusCode()).isEqualTo(400);
            throw new IOException("refused with " + r.statusCode());
        }).isInstanceOf(IOException.class);
    }

    @Test
    void probesStayPlainHttpOnTheManagementPort() {
        assertThat(new Http(managementPort).get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestart() throws Exception {
        assertThat(subject(get("/api/v1/stats"))).contains("O=First");
        CA.issue("renewed", "CN=localhost,O=Renewed", "dns:localhost,ip:127.0.0.1")
                .writePem(DIR.resolve("tls.crt"), DIR.resolve("tls.key"));
        Await.until("the renewed certificate served", Duration.ofSeconds(30),
                () -> servedSubject().contains("O=Renewed"));
    }

    private String servedSubject() {
        try {
            return subject(get("/api/v1/stats"));
        } catch (Exception e) {
            return e.toString(); // in the middle of a reload
        }
    }
}
