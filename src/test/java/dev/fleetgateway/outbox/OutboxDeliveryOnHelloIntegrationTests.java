package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * Delivery on hello with the sweep out of the way (it runs once at start, then after an hour): a module that
 * comes online while the outbox is empty costs no delivery run, one with queued messages gets them at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.outbox.sweep-interval=1h")
class OutboxDeliveryOnHelloIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Autowired
    OutboxDelivery delivery;

    @Autowired
    OutboxMetrics metrics;

    @Test
    void aModuleSayingHelloToAnEmptyOutboxStartsNoDeliveryRun() throws Exception {
        Await.until("outbox counted empty by the first sweep", () -> !metrics.mayHaveQueued());
        long runs = delivery.runsStarted();
        long skipped = delivery.requestsSkipped();

        try (ModuleClient module = ModuleClient.hello(server.localPort(), "quiet-1")) {
            module.send("x");
            // The frame after the hello went through the same event loop after the identified event's listeners.
            Await.until("frame after hello", () -> sessions.findByModuleKey("quiet-1")
                    .map(s -> s.stats().framesIn() == 1).orElse(false));
            assertThat(delivery.requestsSkipped()).isEqualTo(skipped + 1);
            assertThat(delivery.runsStarted()).isEqualTo(runs);
        }
    }

    @Test
    void aMessageQueuedBeforeHelloIsDeliveredOnHelloWithoutWaitingForTheSweep() throws Exception {
        Http http = new Http(httpPort);
        assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"waiting-1\"}").status()).isEqualTo(201);
        Http.Response queued = http.post("/api/v1/modules/waiting-1/send?queue=true", "{\"data\":\"hi;\"}");
        assertThat(queued.status()).isEqualTo(202);
        assertThat(metrics.mayHaveQueued()).isTrue();

        try (ModuleClient module = ModuleClient.hello(server.localPort(), "waiting-1")) {
            assertThat(new String(module.recvExactly(3), StandardCharsets.UTF_8)).isEqualTo("hi;");
        }
        String id = queued.json().get("messageId").asString();
        Await.until("delivered", () -> http.get("/api/v1/outbox/" + id).json().get("state").asString()
                .equals("DELIVERED"));
        Await.until("outbox empty again", () -> !metrics.mayHaveQueued());
    }
}
