package dev.fleetgateway.dataplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.Scrape;

/**
 * The data-plane port's meters through a real Prometheus scrape: calls by call and outcome, open connections,
 * waiting reads and refusals at each bound, every label from a fixed set.
 */
class DataPlaneMetricsIntegrationTests {

    private static final Set<String> LABELS = Set.of("module_send", "session_send", "module_recv", "session_recv",
            "module_messages", "session_messages", "other", "success", "client_error", "server_error", "forwarded",
            "connections", "busy", "waits", "too_large");

    @Test
    void countsCallsConnectionsWaitsAndRefusalsInBoundedSeries() throws Exception {
        try (ConfigurableApplicationContext app = SpringApplication.run(FleetGatewayApplication.class,
                "--server.port=0", "--gateway.data-plane.enabled=true", "--gateway.data-plane.port=0",
                "--gateway.data-plane.bind-address=127.0.0.1", "--gateway.data-plane.max-pending-recvs=1",
                "--gateway.data-plane.max-connections=100");
                ModuleClient module = ModuleClient.hello(app.getBean(ModuleServer.class).localPort(), "dp-meter")) {
            Http plane = new Http(app.getBean(DataPlaneServer.class).localPort());
            Http management = new Http(app.getEnvironment().getProperty("local.management.port", Integer.class));
            Await.until("dp-meter identified", () -> plane.get("/api/v1/modules/dp-meter/recv").status() == 408);
            assertThat(plane.post("/api/v1/modules/dp-meter/send", "{\"data\":\"m\"}").status()).isEqualTo(200);
            module.recvExactly(1);
            assertThat(plane.post("/api/v1/modules/any/send", "application/octet-stream",
                    new byte[2 * 1024 * 1024]).status()).isEqualTo(413);

            // one recv waits (the bound is 1): the next one that would wait is refused
            CompletableFuture<HttpResponse<String>> waiting = HttpClient.newHttpClient().sendAsync(plane.withKey(
                    HttpRequest.newBuilder(URI.create(plane.url("/api/v1/modules/dp-meter/recv?timeout=20s")))
                            .GET().build()), HttpResponse.BodyHandlers.ofString());
            Await.until("a recv waiting", Duration.ofSeconds(30),
                    () -> Scrape.of(management).value("fleet_dataplane_recvs_waiting", Map.of()) == 1);
            assertThat(plane.get("/api/v1/modules/dp-meter/recv?timeout=5s").status()).isEqualTo(429);
            module.send("x\n");
            assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            Scrape scrape = Scrape.of(management);
            assertThat(scrape.value("fleet_dataplane_requests_seconds_count",
                    Map.of("call", "module_send", "outcome", "success"))).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("fleet_dataplane_requests_seconds_count",
                    Map.of("call", "module_recv", "outcome", "client_error"))).isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("fleet_dataplane_rejected_total", Map.of("reason", "too_large"))).isEqualTo(1);
            assertThat(scrape.value("fleet_dataplane_rejected_total", Map.of("reason", "waits"))).isEqualTo(1);
            for (String reason : List.of("connections", "busy")) {
                assertThat(scrape.series()).as(reason).anyMatch(x -> x.name().equals("fleet_dataplane_rejected_total")
                        && reason.equals(x.labels().get("reason")));
            }
            assertThat(scrape.names()).contains("fleet_dataplane_connections", "fleet_dataplane_recvs_waiting");
            // only the fixed sets: never a module key, session id or address
            scrape.series().stream().filter(x -> x.name().startsWith("fleet_dataplane_"))
                    .flatMap(x -> x.labels().entrySet().stream())
                    .filter(l -> Set.of("call", "outcome", "reason").contains(l.getKey()))
                    .forEach(l -> assertThat(LABELS).as(l.toString()).contains(l.getValue()));
        }
    }
}
