package dev.fleetgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import tools.jackson.databind.JsonNode;

/** Batch send over 200 modules, half online on real sockets and half registered but offline. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OutboxBatchSendIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry sessions;

    @Test
    void sendsToOnlineModulesAndQueuesForOfflineOnes() throws Exception {
        Http http = new Http(httpPort);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = "batch-" + i;
            keys.add(key);
            assertThat(http.post("/api/v1/modules", "{\"moduleKey\":\"" + key + "\",\"labels\":{\"site\":\"batch-town\"}}")
                    .status()).isEqualTo(201);
        }
        Map<String, ModuleClient> online = new HashMap<>();
        try {
            for (int i = 0; i < 200; i += 2) {
                online.put(keys.get(i), ModuleClient.hello(server.localPort(), keys.get(i)));
            }
            Await.until("100 sessions", () -> online.keySet().stream()
                    .allMatch(k -> sessions.findByModuleKey(k).filter(s -> s.isOpen()).isPresent()));

            String keyList = String.join("\",\"", keys);
            Http.Response byKeys = http.post("/api/v1/modules/send",
                    "{\"moduleKeys\":[\"" + keyList + "\",\"no-such-module\"],\"data\":\"cafe\",\"encoding\":\"hex\","
                            + "\"queue\":true}");
            assertThat(byKeys.status()).as(byKeys.body()).isEqualTo(200);
            assertThat(byKeys.json().size()).isEqualTo(201);
            Map<String, Integer> counts = tally(byKeys.json());
            assertThat(counts).containsEntry("SENT", 100).containsEntry("QUEUED", 100).containsEntry("UNKNOWN", 1);
            for (JsonNode r : byKeys.json()) {
                String key = r.get("moduleKey").asString();
                if (online.containsKey(key)) {
                    assertThat(r.get("result").asString()).isEqualTo("SENT");
                    assertThat(r.get("sent").asInt()).isEqualTo(2);
                } else if (!key.equals("no-such-module")) {
                    assertThat(r.get("result").asString()).isEqualTo("QUEUED");
                    assertThat(r.get("messageId").isNull()).isFalse();
                }
            }
            for (ModuleClient c : online.values()) {
                assertThat(c.recvExactly(2)).isEqualTo(new byte[] { (byte) 0xca, (byte) 0xfe });
            }

            Http.Response byLabels = http.post("/api/v1/modules/send",
                    "{\"labels\":{\"site\":\"batch-town\"},\"data\":\"hi\"}");
            assertThat(byLabels.status()).isEqualTo(200);
            assertThat(tally(byLabels.json())).containsEntry("SENT", 100).containsEntry("OFFLINE", 100);
            for (ModuleClient c : online.values()) {
                assertThat(new String(c.recvExactly(2), StandardCharsets.UTF_8)).isEqualTo("hi");
            }
        } finally {
            for (ModuleClient c : online.values()) {
                c.close();
            }
        }
    }

    private static Map<String, Integer> tally(JsonNode results) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode r : results) {
            counts.merge(r.get("result").asString(), 1, Integer::sum);
        }
        return counts;
    }
}
