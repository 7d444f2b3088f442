package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Executables;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * TLS on the module port, beside the plain port: the seed flow from Python's {@code ssl}, a client certificate
 * that identifies its module with no hello, and a renewed certificate picked up by the live listener.
 * Certificates are issued at test time by a throw-away CA; the server's are PEM files as cert-manager writes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = {
        "gateway.modules.tls.bundle=modules",
        "gateway.modules.tls.port=0",
        "gateway.modules.tls.client-auth=WANT",
        "spring.ssl.bundle.pem.modules.reload-on-update=true",
        "spring.ssl.bundle.watch.file.quiet-period=100ms"})
class ModuleTlsIntegrationTests {

    static final String MODULE = "861234567890123";
    static final Path DIR;
    static final TestCertificates CA;
    static final TestCertificates.Issued CLIENT;

    static {
        try {
            DIR = Files.createTempDirectory("fleet-tls");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CA = TestCertificates.authority(DIR);
        // Laid out as Kubernetes mounts a Secret: tls.crt -> ..data/tls.crt, ..data -> a versioned directory
        // that an update replaces by swapping the ..data link.
        secretVersion("v1", CA.issue("server", "CN=localhost", "dns:localhost,ip:127.0.0.1"));
        try {
            Files.createSymbolicLink(DIR.resolve("..data"), Path.of("v1"));
            Files.createSymbolicLink(DIR.resolve("tls.crt"), Path.of("..data", "tls.crt"));
            Files.createSymbolicLink(DIR.resolve("tls.key"), Path.of("..data", "tls.key"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CLIENT = CA.issue("module", "CN=" + MODULE + ",O=Fleet", null);
    }

    static void secretVersion(String version, TestCertificates.Issued server) {
        try {
            Path dir = Files.createDirectories(DIR.resolve(version));
            server.writePem(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the kubelet does when a Secret changes: a new version directory, then one atomic link swap. */
    static void swapSecret(String version) throws IOException {
        Path next = DIR.resolve("..data_tmp");
        Files.createSymbolicLink(next, Path.of(version));
        Files.move(next, DIR.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @DynamicPropertySource
    static void bundle(DynamicPropertyRegistry r) {
        r.add("spring.ssl.bundle.pem.modules.keystore.certificate", () -> "file:" + DIR.resolve("tls.crt"));
        r.add("spring.ssl.bundle.pem.modules.keystore.private-key", () -> "file:" + DIR.resolve("tls.key"));
        r.add("spring.ssl.bundle.pem.modules.truststore.certificate", () -> "file:" + CA.caCertificate());
    }

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    MeterRegistry meters;

    ModuleClient tls(SSLContext ctx) throws IOException {
        ModuleClient c = new ModuleClient(ctx.getSocketFactory().createSocket(), server.tlsPort());
        ((SSLSocket) c.socket()).startHandshake();
        return c;
    }

    ModuleSession liveSession(Predicate<ModuleSession> which) {
        Predicate<ModuleSession> live = s -> !s.isClosed() && which.test(s);
        Await.until("a live session", () -> registry.all().stream().anyMatch(live));
        return registry.all().stream().filter(live).findFirst().orElseThrow();
    }

    static String recv(ModuleClient c, int n) throws IOException {
        return new String(c.recvExactly(n), StandardCharsets.UTF_8);
    }

    @Test
    void theSeedFlowRunsOverTlsWithAPythonSslClient() throws Exception {
        var python = Executables.onPath("python3");
        assumeTrue(python.isPresent(), "python3 is not on the PATH: the Python ssl client test cannot run");
        String script = String.join("\n",
                "import socket, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[1])",
                "s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[2]))),"
                        + " server_hostname='localhost')",
                "print('send %d bytes' % s.send(b'1234567890\\r\\n'), flush=True)",
                "data = s.recv(1024)",
                "print('recv %d bytes:' % len(data))",
                "print(data.decode(), flush=True)",
                "s.close()");
        Process p = new ProcessBuilder(python.get().toString(), "-c", script, CA.caCertificate().toString(),
                String.valueOf(server.tlsPort())).redirectErrorStream(true).start();
        try {
            ModuleSession s = liveSession(m -> m.localAddress().endsWith(":" + server.tlsPort())
                    && m.stats().bytesIn() == 12);
            assertThat(s.moduleKey()).isNull();
            assertThat(new String(s.recv(1024, 0).get().data(), StandardCharsets.UTF_8)).isEqualTo("1234567890\r\n");
            assertThat(s.send("0123456789".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS)).isEqualTo(10);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains("send 12 bytes", "recv 10 bytes:", "0123456789");
            Await.until("closed by the module", s::isClosed);
            assertThat(s.closeReason()).isEqualTo(CloseReason.CLIENT_CLOSED);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aClientCertificateIdentifiesTheModuleWithoutAHello() throws Exception {
        try (ModuleClient module = tls(CA.clientContext(CLIENT))) {
            Await.until("bound by certificate", () -> registry.findByModuleKey(MODULE).isPresent());
            ModuleSession s = registry.findByModuleKey(MODULE).orElseThrow();
            module.send("1234567890\r\n");
            Await.until("12 bytes", () -> s.stats().bytesIn() == 12);
            assertThat(new String(s.recv(1024, 0).get().data(), StandardCharsets.UTF_8)).isEqualTo("1234567890\r\n");
            s.send("ok".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            assertThat(recv(module, 2)).isEqualTo("ok");
        }
    }

    @Test
    void aProvenModuleMaySayItsOwnHelloButNotClaimAnotherKey() throws Exception {
        try (ModuleClient module = tls(CA.clientContext(CLIENT))) {
            module.send("IMEI:" + MODULE + "\r\nabc");
            Await.until("bound", () -> registry.findByModuleKey(MODULE).filter(s -> s.stats().bytesIn() == 3)
                    .isPresent());
            assertThat(new String(registry.findByModuleKey(MODULE).orElseThrow().recv(10, 0).get().data(),
                    StandardCharsets.UTF_8)).isEqualTo("abc");
        }
        try (ModuleClient impostor = tls(CA.clientContext(CLIENT))) {
            impostor.send("IMEI:999999999999999\r\n");
            assertThat(impostor.closedByServer(5000)).isTrue();
        }
        assertThat(registry.findByModuleKey("999999999999999")).isEmpty();
    }

    @Test
    void plainBytesOnTheTlsPortFailWhileThePlainPortServesBesideIt() throws Exception {
        try (ModuleClient notTls = new ModuleClient(server.tlsPort())) {
            notTls.send("1234567890\r\n");
            assertThat(notTls.closedByServer(5000)).isTrue();
        }
        Await.until("closed as TLS_FAILED", () -> registry.all().stream()
                .anyMatch(s -> s.closeReason() == CloseReason.TLS_FAILED));
        try (ModuleClient plain = ModuleClient.hello(server.localPort(), "still-plain")) {
            Await.until("plain module bound", () -> registry.findByModuleKey("still-plain").isPresent());
        }
    }

    @Test
    void aRenewedCertificateInAKubernetesSecretMountIsPickedUpByTheLiveListenerAndLiveSessionsStay() throws Exception {
        BigInteger before = serverSerial();
        try (ModuleClient module = tls(CA.clientContext(CLIENT))) {
            Await.until("bound", () -> registry.findByModuleKey(MODULE).isPresent());
            ModuleSession s = registry.findByModuleKey(MODULE).orElseThrow();

            secretVersion("v2", CA.issue("renewed", "CN=localhost", "dns:localhost,ip:127.0.0.1"));
            swapSecret("v2");
            Await.until("new connections get the renewed certificate", Duration.ofSeconds(30),
                    () -> !serverSerial().equals(before));
            assertThat(meters.counter("fleet.tls.reloads", "outcome", "reloaded").count()).isPositive();

            module.send("still here");
            Await.until("the live session kept its connection", () -> s.stats().bytesIn() == 10);
            s.send("yes".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            assertThat(recv(module, 3)).isEqualTo("yes");
            assertThat(s.isOpen()).isTrue();
        }
    }

    BigInteger serverSerial() {
        try (ModuleClient probe = tls(CA.clientContext(null))) {
            List<?> chain = List.of(((SSLSocket) probe.socket()).getSession().getPeerCertificates());
            return ((X509Certificate) chain.get(0)).getSerialNumber();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
