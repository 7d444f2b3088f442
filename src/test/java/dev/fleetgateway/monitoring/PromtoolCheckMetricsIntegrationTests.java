package dev.fleetgateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The scrape passes {@code promtool check metrics}: exit 0, or 3 for lint warnings only (printed). */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PromtoolCheckMetricsIntegrationTests {

    @LocalManagementPort
    int managementPort;

    @Autowired
    ModuleServer server;

    @Test
    void scrapeIsValidExpositionWithoutLintErrors(@TempDir Path dir) throws Exception {
        Optional<Path> promtool = Executables.onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on the PATH: install Debian's prometheus package "
                + "(.ci/setup.d/30-prometheus.sh does it in CI, where this test always runs)");
        Http http = new Http(managementPort);
        String text;
        // A live session with traffic, so every meter family has samples worth checking.
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "promtool-module")) {
            module.send("ping");
            Await.until("traffic counted", () -> http.get("/actuator/prometheus").body()
                    .contains("fleet_traffic_bytes_total{"));
            text = http.get("/actuator/prometheus").body();
        }
        Path scrape = dir.resolve("scrape.txt");
        Files.writeString(scrape, text);
        Path out = dir.resolve("promtool.out");
        Process p = new ProcessBuilder(promtool.get().toString(), "check", "metrics")
                .redirectInput(scrape.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String report = read(out);
        System.out.println("promtool check metrics: exit " + p.exitValue() + "\n" + report);
        assertThat(p.exitValue()).as("promtool exit code (0 clean, 3 lint warnings only); output:\n" + report)
                .isIn(0, 3);
        assertThat(report).as("no fleet_ meter has a lint warning").doesNotContain("fleet_");
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
