package dev.fleetgateway.session.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.ReadyPorts;

/**
 * The console log tells who came and went: one line per session opened and one per session closed (logger
 * {@code fleet.sessions}), capped in a connect storm; and one line once ready saying where everything is.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.session-log.lines=12", "gateway.session-log.window=1h"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionLogLinesIntegrationTests {

    @LocalServerPort
    int httpPort;

    @LocalManagementPort
    int managementPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    ReadyLine ready;

    private final Logger logger = (Logger) LoggerFactory.getLogger("fleet.sessions");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO); // whatever other contexts of this JVM set
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(null);
    }

    @Test
    @Order(1)
    void aModuleConnectingAndLeavingWritesOneOpenAndOneCloseLine() throws Exception {
        String id;
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "866327040000017")) {
            module.send("1234567890\r\n");
            Await.until("bound", () -> registry.findByModuleKey("866327040000017").isPresent());
            id = registry.findByModuleKey("866327040000017").orElseThrow().id();
        }
        Await.until("close line", () -> messages(id).stream().anyMatch(m -> m.contains(" closed: ")));

        List<String> mine = messages(id);
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0)).startsWith("Session " + id + " opened: module anonymous, inbound from 127.0.0.1:");
        assertThat(mine.get(1)).startsWith("Session " + id + " closed: module 866327040000017, inbound from 127.0.0.1:")
                .contains("reason CLIENT_CLOSED", "12 bytes in, 0 bytes out").containsPattern("after \\d+\\.\\d{3}s");
        assertThat(captured()).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.INFO));
    }

    @Test
    @Order(2)
    void aConnectStormWritesNoMoreLinesThanTheWindowAllows() throws Exception {
        // 2 of the 12 lines of this hour went to the first test; 30 modules come and go: 60 events, 10 lines
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            try (ModuleClient module = ModuleClient.hello(server.localPort(), "86632704100" + String.format("%04d", i))) {
                String key = "86632704100" + String.format("%04d", i);
                Await.until("bound", () -> registry.findByModuleKey(key).isPresent());
                ids.add(registry.findByModuleKey(key).orElseThrow().id());
            }
        }
        Await.until("all closed", () -> ids.stream().allMatch(id -> registry.find(id).map(s -> s.isClosed()).orElse(true)));

        assertThat(captured()).hasSizeLessThanOrEqualTo(10).isNotEmpty();
    }

    @Test
    @Order(3)
    void theReadyLineSaysWhereTheConsoleTheDocsAndThePortsAre() {
        String base = "http://localhost:" + httpPort;
        assertThat(ready.line()).startsWith("Fleet Gateway ready: console " + base + "/")
                .contains("API docs " + base + "/swagger-ui.html (OpenAPI " + base + "/v3/api-docs)")
                .contains("REST port localhost:" + httpPort)
                .containsPattern("management port localhost:\\d+ \\(/actuator/health")
                .contains("module port 127.0.0.1:" + server.localPort());
        assertThat(ReadyPorts.find(ready.line())).as("the ports tests of child gateways read from the line")
                .contains(new ReadyPorts(httpPort, managementPort, server.localPort()));
    }

    /** A copy taken under the appender's lock: event loops append while the test reads. */
    private List<ILoggingEvent> captured() {
        synchronized (lines) {
            return new ArrayList<>(lines.list);
        }
    }

    private List<String> messages(String sessionId) {
        return captured().stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Session " + sessionId + " ")).toList();
    }
}
