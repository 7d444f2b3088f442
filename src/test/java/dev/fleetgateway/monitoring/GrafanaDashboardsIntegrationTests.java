package dev.fleetgateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.Scrape;
import tools.jackson.databind.JsonNode;

/** Every Grafana dashboard of the chart is valid JSON and queries only metrics a real scrape of the app has. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GrafanaDashboardsIntegrationTests {

    private static final Path DASHBOARDS = Path.of("helm/fleet-gateway/dashboards");

    @LocalServerPort
    int httpPort;

    @LocalManagementPort
    int managementPort;

    @Test
    void everyMetricADashboardQueriesIsInTheScrape() throws IOException {
        // So the HTTP server meters have a series, as in any running pod: a REST call on the REST port.
        assertThat(new Http(httpPort).get("/api/v1/stats").status()).isEqualTo(200);
        Set<String> scraped = Scrape.of(new Http(managementPort)).names();

        Map<String, Set<String>> usedBy = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DASHBOARDS, "*.json")) {
            for (Path file : files) {
                JsonNode dashboard = Http.parse(Files.readString(file));
                List<String> exprs = expressions(dashboard);
                assertThat(exprs).as(file + " has queries").isNotEmpty();
                for (String expr : exprs) {
                    Set<String> names = PromQlNames.of(expr);
                    assertThat(names).as("metrics in " + expr).isNotEmpty();
                    names.forEach(n -> usedBy.computeIfAbsent(n, k -> new TreeSet<>())
                            .add(file.getFileName().toString()));
                }
            }
        }
        assertThat(usedBy).containsKeys("fleet_sessions", "fleet_send_latency_seconds_bucket",
                "jvm_memory_used_bytes");
        usedBy.forEach((name, files) -> assertThat(scraped).as("%s (used by %s) in the scrape", name, files)
                .contains(name));
    }

    @Test
    void fleetDashboardHasAPanelForEachConcern() throws IOException {
        JsonNode d = Http.parse(Files.readString(DASHBOARDS.resolve("fleet-gateway-fleet.json")));
        assertThat(d.get("uid").asString()).isEqualTo("fleet-gateway-fleet");
        String all = String.join("\n", expressions(d));
        assertThat(all).contains("fleet_sessions{", "fleet_sessions_opened_total", "fleet_sessions_closed_total",
                "fleet_traffic_bytes_total", "histogram_quantile(0.99", "fleet_send_latency_seconds_bucket",
                "fleet_buffer_bytes", "fleet_db_writer_queue", "fleet_streams_subscribers");
        List<Integer> ids = new ArrayList<>();
        d.get("panels").forEach(p -> ids.add(p.get("id").asInt()));
        assertThat(ids).doesNotHaveDuplicates();
    }

    /** Panel target expressions and templating queries. */
    private static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> {
            if (t.hasNonNull("expr")) {
                exprs.add(t.get("expr").asString());
            }
        }));
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.hasNonNull("definition")) {
                exprs.add(v.get("definition").asString());
            }
        });
        return exprs;
    }
}
