package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.TestCertificates;

/**
 * The whole TLS path with no hardware: a virtual module dials the gateway's TLS port (client certificates
 * required) presenting its certificate, and the gateway knows it by that certificate with no hello.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = {
        "gateway.modules.tls.bundle=modules",
        "gateway.modules.tls.port=0",
        "gateway.modules.tls.plain-port=false",
        "gateway.modules.tls.client-auth=NEED",
        "gateway.simulator.target.tls-bundle=sim",
        "gateway.simulator.target.tls-server-name=localhost"})
class SimulatorTlsIntegrationTests {

    static final String MODULE = "869000000000001";
    static final Path DIR;
    static final TestCertificates CA;

    static {
        try {
            DIR = Files.createTempDirectory("fleet-sim-tls");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CA = TestCertificates.authority(DIR);
        CA.issue("server", "CN=localhost", "dns:localhost").writePem(DIR.resolve("tls.crt"), DIR.resolve("tls.key"));
        CA.issue("module", "CN=" + MODULE, null).writePem(DIR.resolve("module.crt"), DIR.resolve("module.key"));
    }

    @DynamicPropertySource
    static void bundles(DynamicPropertyRegistry r) {
        r.add("spring.ssl.bundle.pem.modules.keystore.certificate", () -> "file:" + DIR.resolve("tls.crt"));
        r.add("spring.ssl.bundle.pem.modules.keystore.private-key", () -> "file:" + DIR.resolve("tls.key"));
        r.add("spring.ssl.bundle.pem.modules.truststore.certificate", () -> "file:" + CA.caCertificate());
        r.add("spring.ssl.bundle.pem.sim.keystore.certificate", () -> "file:" + DIR.resolve("module.crt"));
        r.add("spring.ssl.bundle.pem.sim.keystore.private-key", () -> "file:" + DIR.resolve("module.key"));
        r.add("spring.ssl.bundle.pem.sim.truststore.certificate", () -> "file:" + CA.caCertificate());
    }

    @Autowired
    SimulatorService simulator;

    @Autowired
    SessionRegistry sessions;

    @AfterEach
    void stop() {
        simulator.list().forEach(f -> simulator.delete(f.id()).join());
    }

    @Test
    void aVirtualModuleDialsTlsAndItsCertificateIdentifiesIt() throws Exception {
        FleetView fleet = simulator.create(new FleetRequest("tls", 1, null, null, "86", List.of(Profile.ECHO), null,
                null, null, null, false, null, null, null, null));
        Await.until("identified by certificate", Duration.ofSeconds(20),
                () -> sessions.findByModuleKey(MODULE).isPresent());
        ModuleSession s = sessions.findByModuleKey(MODULE).orElseThrow();
        assertThat(simulator.get(fleet.id()).stats().connected()).isEqualTo(1);

        s.send("ping".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        Await.until("the echo came back over TLS", () -> s.stats().bytesIn() == 4);
        assertThat(new String(s.recv(16, 0).get().data(), StandardCharsets.UTF_8)).isEqualTo("ping");
    }
}
