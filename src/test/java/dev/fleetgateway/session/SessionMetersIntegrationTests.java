package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;

/** The session core's meters, read from the app's registry while real sockets open, send and close. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "gateway.modules.hello.required=true",
        "gateway.modules.hello.timeout=300ms",
        "gateway.modules.duplicate-key=REJECT"})
class SessionMetersIntegrationTests {

    @LocalServerPort
    int httpPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    SessionProperties props;

    @Autowired
    MeterRegistry meters;

    @Autowired
    NettyTransport transport;

    double counter(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    double identification(String outcome) {
        return counter("fleet.sessions.identification", "outcome", outcome);
    }

    ModuleSession bound(String key) {
        Await.until("bound " + key, () -> registry.findByModuleKey(key).isPresent());
        return registry.findByModuleKey(key).orElseThrow();
    }

    @Test
    void countsOpenTrafficRestSendAndClose() throws Exception {
        Http http = new Http(httpPort);
        double opened = counter("fleet.sessions.opened", "direction", "inbound");
        double closed = counter("fleet.sessions.closed", "direction", "inbound", "reason", "client_closed");
        double identified = identification("identified");
        double bytesIn = counter("fleet.traffic.bytes", "direction", "in", "plane", "gateway");
        double bytesOut = counter("fleet.traffic.bytes", "direction", "out", "plane", "gateway");
        long sends = meters.get("fleet.send.latency").tag("addressing", "session").timer().count();

        ModuleSession s;
        try (ModuleClient module = ModuleClient.hello(server.localPort(), "meters-ok")) {
            s = bound("meters-ok");
            assertThat(counter("fleet.sessions.opened", "direction", "inbound")).isEqualTo(opened + 1);
            assertThat(identification("identified")).isEqualTo(identified + 1);
            assertThat(meters.get("fleet.sessions").tags("direction", "inbound", "state", "open").gauge().value())
                    .isGreaterThanOrEqualTo(1);

            module.send("hello");
            Await.until("5 bytes in", () -> counter("fleet.traffic.bytes", "direction", "in", "plane", "gateway")
                    == bytesIn + 5);
            Http.Response sent = http.post("/api/v1/sessions/" + s.id() + "/send", "{\"data\":\"0123456789\"}");
            assertThat(sent.status()).isEqualTo(200);
            assertThat(new String(module.recvExactly(10), StandardCharsets.UTF_8)).isEqualTo("0123456789");
            assertThat(counter("fleet.traffic.bytes", "direction", "out", "plane", "gateway")).isEqualTo(bytesOut + 10);
            var latency = meters.get("fleet.send.latency").tag("addressing", "session").timer();
            assertThat(latency.count()).isEqualTo(sends + 1);
            assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();

            // A send that never flushes is not a latency sample.
            assertThat(http.post("/api/v1/sessions/no-such-session/send", "{\"data\":\"x\"}").status()).isEqualTo(404);
            assertThat(latency.count()).isEqualTo(sends + 1);
        }
        Await.until("closed", s::isClosed);
        assertThat(counter("fleet.sessions.closed", "direction", "inbound", "reason", "client_closed"))
                .isEqualTo(closed + 1);
    }

    @Test
    void countsEachIdentificationFailureByOutcome() throws Exception {
        double timeout = identification("hello_timeout");
        double rejected = identification("hello_rejected");
        double duplicate = identification("rejected_duplicate");

        try (ModuleClient silent = new ModuleClient(server.localPort())) {
            assertThat(silent.closedByServer(3000)).isTrue();
        }
        Await.until("hello_timeout counted", () -> identification("hello_timeout") == timeout + 1);

        try (ModuleClient garbage = new ModuleClient(server.localPort())) {
            garbage.send("not a hello\r\n");
            assertThat(garbage.closedByServer(3000)).isTrue();
        }
        Await.until("hello_rejected counted", () -> identification("hello_rejected") == rejected + 1);

        try (ModuleClient first = ModuleClient.hello(server.localPort(), "meters-dup")) {
            bound("meters-dup");
            try (ModuleClient second = ModuleClient.hello(server.localPort(), "meters-dup")) {
                assertThat(second.closedByServer(3000)).isTrue();
            }
        }
        Await.until("rejected_duplicate counted", () -> identification("rejected_duplicate") == duplicate + 1);
        assertThat(counter("fleet.sessions.closed", "direction", "inbound", "reason", "duplicate_rejected"))
                .isPositive();
    }

    @Test
    void reportsEventLoopsAndTheTasksWaitingOnThem() throws Exception {
        assertThat(meters.get("fleet.netty.event.loops").tag("group", "accept").gauge().value())
                .isEqualTo(props.bossThreads());
        assertThat(meters.get("fleet.netty.event.loops").tag("group", "io").gauge().value())
                .isEqualTo(props.workerThreadCount());
        assertThat(meters.get("fleet.netty.pending.tasks").tag("group", "accept").gauge().value()).isNotNegative();

        // Hold one I/O loop (briefly, bounded) so tasks queue behind it where the gauge must see them.
        EventLoop loop = transport.workers().next();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        loop.execute(() -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 5; i++) {
                loop.execute(() -> { });
            }
            assertThat(meters.get("fleet.netty.pending.tasks").tag("group", "io").gauge().value())
                    .isGreaterThanOrEqualTo(5);
        } finally {
            release.countDown();
        }
        Await.until("queue drained", () -> meters.get("fleet.netty.pending.tasks").tag("group", "io").gauge()
                .value() < 5);
    }
}
