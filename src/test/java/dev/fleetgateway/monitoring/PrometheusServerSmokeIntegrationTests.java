package dev.fleetgateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Executables;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.PresetPorts;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus server (Debian's {@code prometheus}) scrapes the running gateway on loopback: the target
 * is up and the fleet series can be queried. The server is stopped by the test, whatever happens.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrometheusServerSmokeIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @LocalManagementPort
    int managementPort;

    @Autowired
    ModuleServer server;

    @Test
    void prometheusScrapesTheGatewayAndSeesItsSessions(@TempDir Path dir) throws Exception {
        Optional<Path> binary = Executables.onPath("prometheus");
        assumeTrue(binary.isPresent(), "prometheus is not on the PATH: install Debian's prometheus package "
                + "(.ci/setup.d/30-prometheus.sh does it in CI, where this test always runs)");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: fleet-gateway
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(managementPort));
        Path log = dir.resolve("prometheus.log");
        // Prometheus must be told its listening port up front (port 0 is not an option), and a port picked here
        // may be taken before Prometheus binds it: PresetPorts picks outside the ephemeral range and picks again
        // when the bind fails anyway.
        PresetPorts.Started started = PresetPorts.start("127.0.0.1", log, DEADLINE, port -> new ProcessBuilder(
                binary.get().toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        Process prometheus = started.process();
        int promPort = started.port();
        Http prom = new Http(promPort);
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "smoke-module")) {
            Await.until("Prometheus reports the gateway target up (log: " + log + ")", DEADLINE,
                    () -> prometheus.isAlive() && "1".equals(firstValue(prom, "up{job=\"fleet-gateway\"}")));
            Await.until("an open inbound session visible through the query API", DEADLINE, () -> {
                String v = firstValue(prom, "fleet_sessions{direction=\"inbound\",state=\"open\"}");
                return v != null && Double.parseDouble(v) >= 1;
            });
            JsonNode series = query(prom, "fleet_sessions").get(0).get("metric");
            assertThat(series.get("application").asString()).isEqualTo("fleet-gateway");
            assertThat(series.get("job").asString()).isEqualTo("fleet-gateway");
            assertThat(series.has("host")).isTrue();
        } finally {
            stop(prometheus);
        }
        assertThat(prometheus.isAlive()).isFalse();
    }

    /** The value of the first series of an instant query, or null when there is none (or no answer yet). */
    private static String firstValue(Http prom, String promql) {
        try {
            JsonNode result = query(prom, promql);
            return result.isEmpty() ? null : result.get(0).get("value").get(1).asString();
        } catch (RuntimeException e) {
            return null; // not listening yet
        }
    }

    private static JsonNode query(Http prom, String promql) {
        Http.Response r = prom.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (r.status() != 200 || r.json() == null) {
            throw new IllegalStateException("query " + promql + ": " + r.status() + " " + r.body());
        }
        return r.json().get("data").get("result");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: Prometheus shuts down cleanly
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
