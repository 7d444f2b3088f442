package dev.fleetgateway.system.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.generated.client.ApiClient;
import dev.fleetgateway.generated.client.ApiException;
import dev.fleetgateway.generated.client.ApiResponse;
import dev.fleetgateway.generated.client.api.ModulesApi;
import dev.fleetgateway.generated.client.api.OutboxApi;
import dev.fleetgateway.generated.client.api.SendingApi;
import dev.fleetgateway.generated.client.api.SessionsApi;
import dev.fleetgateway.generated.client.model.Create;
import dev.fleetgateway.generated.client.model.OutboxView;
import dev.fleetgateway.generated.client.model.Received;
import dev.fleetgateway.generated.client.model.Send;
import dev.fleetgateway.generated.client.model.Sent;
import dev.fleetgateway.generated.client.model.SessionView;
import dev.fleetgateway.generated.client.model.Single;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;

/**
 * The contract is usable: a Java client generated from the committed {@code docs/openapi.json} (the build's
 * openapi-generator execution) replays the seed story against a real gateway and a real module socket.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class GeneratedClientSeedStoryIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ModuleServer server;

    ApiClient client() {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", Http.TEST_BEARER));
        return client;
    }

    @Test
    void replaysTheSeedStoryWithTheGeneratedClient() throws Exception {
        SessionsApi sessions = new SessionsApi(client());
        try (ModuleClient module = new ModuleClient(server.localPort())) {
            // ③ the module is online; ④ it sends 12 bytes
            module.send("1234567890\r\n");
            Await.until("the session lists 12 bytes in", () -> open(sessions).stream()
                    .anyMatch(s -> s.getStats() != null && s.getStats().getBytesIn() == 12));
            SessionView session = open(sessions).stream().filter(s -> s.getStats().getBytesIn() == 12)
                    .findFirst().orElseThrow();
            assertThat(session.getState()).isEqualTo(SessionView.StateEnum.OPEN);

            // like recv(1024) after settimeout(5)
            Received got = sessions.recvFromSession(session.getId(), 1024, "5s", "text");
            assertThat(got.getLength()).isEqualTo(12);
            assertThat(got.getData()).isEqualTo("1234567890\r\n");
            assertThat(got.getEof()).isFalse();

            // ⑤ send 10 bytes: the module's recv gets them
            Sent sent = sessions.sendToSession(session.getId(), new Send().data("0123456789"));
            assertThat(sent.getSent()).isEqualTo(10);
            assertThat(new String(module.recvExactly(10), StandardCharsets.UTF_8)).isEqualTo("0123456789");

            // ⑥ close, like socket.close(): the module sees the connection end
            sessions.closeSession(session.getId());
            assertThat(module.closedByServer(3000)).isTrue();
            Await.until("closed", () -> state(sessions, session.getId()) == SessionView.StateEnum.CLOSED);
        }

        // an offline module: the downlink waits in its outbox (202 with Location)
        String key = "866327040990017";
        new ModulesApi(client()).createModule(new Create().moduleKey(key).name("seed-offline"));
        ApiResponse<Sent> queued = new SendingApi(client()).sendToModuleWithHttpInfo(key,
                new Single().data("reboot"), true, "10m");
        assertThat(queued.getStatusCode()).isEqualTo(202);
        String location = queued.getHeaders().get("location").get(0);
        assertThat(location).startsWith("/api/v1/outbox/");
        OutboxApi outbox = new OutboxApi(client());
        OutboxView message = outbox.getOutboxMessage(UUID.fromString(location.substring(location.lastIndexOf('/') + 1)));
        assertThat(message.getState()).isEqualTo(OutboxView.StateEnum.QUEUED);
        assertThat(outbox.listOutbox(key, "QUEUED", null, null).getContent()).extracting(OutboxView::getMessageId)
                .containsExactly(message.getMessageId());

        // an error is a problem detail the client can read
        ApiException offline = catchThrowableOfType(ApiException.class,
                () -> new SendingApi(client()).sendToModule(key, new Single().data("now"), null, null));
        assertThat(offline.getCode()).isEqualTo(409);
        assertThat(offline.getResponseBody()).contains("module-offline");
    }

    private static List<SessionView> open(SessionsApi sessions) {
        try {
            return sessions.listSessions("OPEN", null, null, null, null).getContent();
        } catch (ApiException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SessionView.StateEnum state(SessionsApi sessions, String id) {
        try {
            return sessions.getSession(id).getState();
        } catch (ApiException e) {
            throw new IllegalStateException(e);
        }
    }
}
