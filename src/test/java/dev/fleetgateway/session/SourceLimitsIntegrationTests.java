package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.ModuleClient;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Limits per source address, refused at accept: one address flooding the port cannot lock out another. Each
 * test dials from its own loopback addresses (all of 127/8 is loopback on Linux), so their counts never mix.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, properties = {
        "gateway.modules.max-sessions=100",
        "gateway.modules.limits.source-sessions=10",
        "gateway.modules.limits.source-connect-rate=20",
        "gateway.modules.limits.source-hello-failures=3",
        "gateway.modules.limits.failure-backoff=1m",
        "gateway.modules.hello.required=true",
        "gateway.modules.hello.timeout=2s"})
class SourceLimitsIntegrationTests {

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    MeterRegistry meters;

    @Autowired
    SourceLimits limits;

    double refused(Refusal reason) {
        return meters.counter("fleet.sessions.refused", "reason", reason.name().toLowerCase()).count();
    }

    long liveFrom(String source) {
        return registry.all().stream().filter(s -> !s.isClosed() && s.remoteAddress() != null
                && s.remoteAddress().startsWith(source + ":")).count();
    }

    static void closeAll(List<ModuleClient> clients) throws Exception {
        for (ModuleClient c : clients) {
            c.close();
        }
    }

    @Test
    void aFloodFromOneAddressIsLimitedWhileAnotherAddressConnects() throws Exception {
        List<ModuleClient> flood = new ArrayList<>();
        double before = refused(Refusal.SOURCE_SESSIONS);
        try {
            for (int i = 0; i < 15; i++) {
                flood.add(ModuleClient.from("127.0.0.2", server.localPort()).sayHello("flood-" + i));
            }
            Await.until("five refused", () -> refused(Refusal.SOURCE_SESSIONS) - before >= 5);
            assertThat(liveFrom("127.0.0.2")).isLessThanOrEqualTo(10);
            int closed = 0;
            for (ModuleClient c : flood) {
                if (c.closedByServer(50)) {
                    closed++;
                }
            }
            assertThat(closed).isEqualTo(5);

            try (ModuleClient real = ModuleClient.from("127.0.0.3", server.localPort()).sayHello("real")) {
                Await.until("the real module bound", () -> registry.findByModuleKey("real").isPresent());
                assertThat(registry.findByModuleKey("real").orElseThrow().isOpen()).isTrue();
            }
        } finally {
            closeAll(flood);
        }
    }

    @Test
    void anAddressDialingFasterThanItsRateIsRefusedAndOthersAreNot() throws Exception {
        double before = refused(Refusal.SOURCE_RATE);
        // Dial and hang up as fast as possible: a bucket of 20 a second runs dry long before 500 connects.
        for (int i = 0; i < 500 && refused(Refusal.SOURCE_RATE) == before; i++) {
            ModuleClient.from("127.0.0.4", server.localPort()).close();
        }
        assertThat(refused(Refusal.SOURCE_RATE)).isGreaterThan(before);
        try (ModuleClient other = ModuleClient.from("127.0.0.5", server.localPort()).sayHello("calm")) {
            Await.until("the calm module bound", () -> registry.findByModuleKey("calm").isPresent());
        }
    }

    @Test
    void anAddressThatKeepsFailingToIdentifyIsBackedOff() throws Exception {
        double before = refused(Refusal.SOURCE_BACKOFF);
        for (int i = 0; i < 3; i++) {
            try (ModuleClient bad = ModuleClient.from("127.0.0.6", server.localPort())) {
                bad.send("GET / HTTP/1.1\r\n");
                assertThat(bad.closedByServer(3000)).isTrue();
            }
        }
        // The failures reach the limits through the sessions' close events, just after the sockets close.
        Await.until("the address backed off", () -> limits.backedOff("127.0.0.6"));
        // Even a correct hello from the failing address is refused now, before a session exists.
        try (ModuleClient again = ModuleClient.from("127.0.0.6", server.localPort()).sayHello("late")) {
            assertThat(again.closedByServer(3000)).isTrue();
        }
        assertThat(refused(Refusal.SOURCE_BACKOFF) - before).isEqualTo(1);
        assertThat(registry.findByModuleKey("late")).isEmpty();

        try (ModuleClient fine = ModuleClient.from("127.0.0.7", server.localPort()).sayHello("fine")) {
            Await.until("the other address still identifies", () -> registry.findByModuleKey("fine").isPresent());
        }
    }
}
