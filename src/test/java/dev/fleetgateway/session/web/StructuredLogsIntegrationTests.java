package dev.fleetgateway.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import tools.jackson.databind.JsonNode;

/**
 * One documented property, {@code logging.structured.format.console=ecs}, turns the console into one ECS JSON
 * object a line. Run in a process of its own: a JVM's logging is set up once, by the first application in it.
 */
class StructuredLogsIntegrationTests {

    private static final Pattern MODULE_PORT = Pattern.compile("module port [0-9.]+:(\\d+)");

    @Test
    void theReadyLineAndTheSessionLinesAreEcsJson() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FleetGatewayApplication.class.getName(), "--server.port=0", "--logging.structured.format.console=ecs",
                "--logging.level.fleet.sessions=INFO").redirectErrorStream(true);
        Process gateway = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(gateway.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "structured-logs-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            Await.until("the ready line", Duration.ofMinutes(4), () -> message(lines, "Fleet Gateway ready").isPresent()
                    || !gateway.isAlive());
            JsonNode ready = message(lines, "Fleet Gateway ready").orElseThrow(() -> new AssertionError(
                    "no ready line; output:\n" + String.join("\n", lines)));
            assertThat(field(ready, "log.level")).isEqualTo("INFO");
            assertThat(field(ready, "ecs.version")).isNotEmpty();
            assertThat(ready.has("@timestamp")).isTrue();

            Matcher port = MODULE_PORT.matcher(ready.path("message").asString());
            assertThat(port.find()).as(ready.toString()).isTrue();
            try (ModuleClient module = ModuleClient.hello(Integer.parseInt(port.group(1)), "866327040000099")) {
                module.send("x\r\n");
                Await.until("open line", () -> message(lines, " opened: module").isPresent());
            }
            Await.until("close line", () -> message(lines, "closed: module 866327040000099").isPresent());
            JsonNode closed = message(lines, "closed: module 866327040000099").orElseThrow();
            assertThat(field(closed, "log.logger")).isEqualTo("fleet.sessions");
            assertThat(closed.path("message").asString()).contains("reason CLIENT_CLOSED", "3 bytes in");
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    /** The first JSON line whose message contains {@code text}. */
    private static Optional<JsonNode> message(List<String> lines, String text) {
        return lines.stream().filter(l -> l.startsWith("{") && l.contains(text)).map(Http::parse).findFirst();
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
