package dev.fleetgateway.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/** One documented property, logging.structured.format.console=ecs, turns the console into one ECS JSON object a line. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "logging.structured.format.console=ecs", "logging.level.fleet.sessions=INFO"})
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIntegrationTests {

    @Autowired
    ModuleServer server;

    @Test
    void sessionLinesAreEcsJsonWithTheLoggerAndTheMessage(CapturedOutput output) throws Exception {
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "866327040000099")) {
            module.send("x\r\n");
            Await.until("open line", () -> output.getOut().contains("opened: module"));
        }
        Await.until("close line", () -> output.getOut().contains("closed: module 866327040000099"));

        List<JsonNode> lines = output.getOut().lines().filter(l -> l.startsWith("{")).map(Http::parse)
                .filter(j -> "fleet.sessions".equals(field(j, "log.logger"))).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allSatisfy(j -> {
            assertThat(j.has("@timestamp")).isTrue();
            assertThat(field(j, "log.level")).isEqualTo("INFO");
            assertThat(field(j, "ecs.version")).isNotEmpty();
        });
        assertThat(lines).anySatisfy(j -> assertThat(j.path("message").asString())
                .contains("closed: module 866327040000099", "reason CLIENT_CLOSED"));
    }

    /** An ECS field, written flat ({@code "log.level"}) or nested ({@code "log": {"level"}}). */
    private static String field(JsonNode j, String name) {
        if (j.has(name)) {
            return j.get(name).asString("");
        }
        JsonNode node = j;
        for (String part : name.split("\\.")) {
            node = node.path(part);
        }
        return node.asString("");
    }
}
