package dev.fleetgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Http;

/** Drives virtual modules over real HTTP the way the seed document drives a module. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.modules.enabled=false")
class SimulatorHandDrivenTests {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    final LoopbackServer server = new LoopbackServer();

    @AfterEach
    void stop() {
        Http http = new Http(port);
        http.get("/api/v1/simulator/fleets").json().forEach(f -> http.delete("/api/v1/simulator/fleets/" + f.get("id").asString()));
        server.close();
    }

    @Test
    void drivesOneModuleLikeTheSeedDocument() {
        Http http = new Http(port);
        Http.Response created = http.post("/api/v1/simulator/fleets",
                "{\"count\":1,\"host\":\"127.0.0.1\",\"port\":" + server.port() + ",\"profiles\":[],\"hello\":false}");
        assertThat(created.status()).isEqualTo(201);
        String fleet = "/api/v1/simulator/fleets/" + created.json().get("id").asString();
        String module = fleet + "/modules/0";
        assertThat(http.get(module).json().get("socketState").asInt()).isEqualTo(-1);

        Http.Response connected = http.post(module + "/connect", "");
        assertThat(connected.status()).isEqualTo(200);
        assertThat(connected.json().get("socketState").asInt()).isEqualTo(4);
        assertThat(http.post(module + "/connect", "").json().get("errno").asInt()).as("EISCONN").isEqualTo(106);

        Http.Response sent = http.post(module + "/send", "{\"data\":\"1234567890\\r\\n\"}");
        assertThat(sent.json().get("sent").asInt()).as("send %d bytes").isEqualTo(12);
        await().atMost(Duration.ofSeconds(15)).until(() -> server.allReceived().equals("1234567890\r\n"));

        server.connections.get(0).send("0123456789");
        Http.Response recv = http.get(module + "/recv?max=1024&timeout=5s");
        assertThat(recv.status()).isEqualTo(200);
        assertThat(recv.json().get("size").asInt()).as("recv %s bytes:").isEqualTo(10);
        assertThat(recv.json().get("data").asString()).as("base64, like every read").isEqualTo("MDEyMzQ1Njc4OQ==");
        assertThat(recv.json().get("encoding").asString()).isEqualTo("base64");
        assertThat(recv.json().get("eof").asBoolean()).isFalse();

        Http.Response empty = http.get(module + "/recv?timeout=0");
        assertThat(empty.status()).isEqualTo(408);
        assertThat(empty.json().get("errno").asInt()).as("EAGAIN on a non-blocking socket").isEqualTo(11);
        Http.Response timedOut = http.get(module + "/recv?timeout=200ms");
        assertThat(timedOut.status()).isEqualTo(408);
        assertThat(timedOut.contentType()).startsWith("application/problem+json");
        assertThat(timedOut.json().get("errno").asInt()).isEqualTo(110);

        assertThat(http.post(module + "/settimeout", "{\"seconds\":0.3}").json().get("timeoutSeconds").asDouble())
                .isEqualTo(0.3);
        assertThat(http.get(module + "/recv").json().get("errno").asInt()).isEqualTo(110);

        Http.Response closed = http.post(module + "/close", "");
        assertThat(closed.json().get("socketState").asInt()).isEqualTo(-1);
        await().atMost(Duration.ofSeconds(15)).until(() -> server.closed.size() == 1);
        assertThat(http.post(module + "/send", "{\"data\":\"x\"}").json().get("errno").asInt()).as("EBADF").isEqualTo(9);

        assertThat(http.post(fleet + "/scale", "{\"count\":3}").json().get("count").asInt()).isEqualTo(3);
        assertThat(http.patch(fleet, "{\"count\":2}").json().get("count").asInt()).isEqualTo(2);
        assertThat(http.delete(fleet).status()).isEqualTo(204);
        assertThat(http.get(fleet).status()).isEqualTo(404);
    }

    @Test
    void openApiDescribesTheSimulatorAndMetersCountItsTraffic() {
        Http http = new Http(port);
        Http.Response created = http.post("/api/v1/simulator/fleets", "{\"count\":2,\"host\":\"127.0.0.1\",\"port\":"
                + server.port() + ",\"profiles\":[\"TELEMETRY\"],\"telemetry\":{\"interval\":\"100ms\"}}");
        assertThat(created.status()).isEqualTo(201);
        Http.Response docs = http.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/simulator/fleets/{id}/modules/{module}/recv")).isTrue();
        assertThat(docs.json().get("components").get("schemas").has("FleetRequest")).isTrue();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                new Http(managementPort).get("/actuator/prometheus", "text/plain").body())
                .containsPattern("fleet_simulator_frames_total\\{[^}]*direction=\"out\"[^}]*} [1-9]")
                .containsPattern("fleet_simulator_modules\\{[^}]*state=\"connected\"[^}]*} 2.0"));
    }

    @Test
    void aHandDrivenModulePausesItsProfileWhileTheRestOfTheFleetRunsIt() {
        Http http = new Http(port);
        Http.Response created = http.post("/api/v1/simulator/fleets", "{\"count\":3,\"host\":\"127.0.0.1\",\"port\":"
                + server.port() + ",\"profiles\":[\"ECHO\"],\"keyPrefix\":\"4242\"}");
        String fleet = "/api/v1/simulator/fleets/" + created.json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get(fleet).json().get("stats").get("connected").asInt() == 3);
        String key = http.get(fleet + "/modules/1").json().get("key").asString();
        LoopbackServer.Conn handConn = server.connections.stream()
                .filter(c -> c.received.toString().startsWith("IMEI:" + key)).findFirst().orElseThrow();
        LoopbackServer.Conn otherConn = server.connections.stream().filter(c -> c != handConn).findFirst().orElseThrow();

        // the first verb takes the module over: its echo stops, downlinks wait for recv
        assertThat(http.get(fleet + "/modules/" + key + "/recv?timeout=0").json().get("errno").asInt()).isEqualTo(11);
        handConn.send("AT\r\n");
        otherConn.send("AT\r\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> otherConn.received.toString().endsWith("AT\r\n"));
        Http.Response got = http.get(fleet + "/modules/" + key + "/recv?timeout=5s&encoding=hex");
        assertThat(got.json().get("data").asString()).isEqualTo("41540d0a");
        assertThat(handConn.received.toString()).isEqualTo("IMEI:" + key + "\r\n");
        assertThat(http.get(fleet).json().get("stats").get("handDriven").asInt()).isEqualTo(1);

        Http.Response resumed = http.post(fleet + "/modules/1/resume", "");
        assertThat(resumed.json().get("handDriven").asBoolean()).isFalse();
        handConn.send("again\r\n");
        await().atMost(Duration.ofSeconds(15)).until(() -> handConn.received.toString().endsWith("again\r\n"));
    }
}
