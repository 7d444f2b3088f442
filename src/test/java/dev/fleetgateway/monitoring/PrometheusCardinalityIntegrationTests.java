package dev.fleetgateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.session.ModuleServer;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.session.SessionRegistry;
import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.Scrape;

/** The Prometheus series do not grow with the fleet: no module key, address or session id is a label. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PrometheusCardinalityIntegrationTests {

    // Series that appear with time, not with sessions: a garbage collection of a new kind.
    private static final List<String> TIME_DEPENDENT = List.of("jvm_gc_");

    @LocalManagementPort
    int managementPort;

    @Autowired
    ModuleServer server;

    @Autowired
    SessionRegistry registry;

    @Autowired
    DatabaseWriter writer;

    @Test
    void seriesCountIsTheSameForTenAndForAThousandModules() throws Exception {
        Http http = new Http(managementPort);
        List<ModuleClient> clients = new ArrayList<>();
        try {
            // Some series appear on first use, not per module: the scrape request's own HTTP meters, and the
            // repository meters of registering a module and of recording an open and a closed session.
            // One whole cycle (open, identify, close, written to the database) creates them all first.
            try (ModuleClient once = ModuleClient.hello(server.localPort(), "card-warmup")) {
                Await.until("warm-up bound", () -> registry.findByModuleKey("card-warmup").isPresent());
            }
            Await.until("warm-up closed", () -> registry.all().stream()
                    .anyMatch(s -> "card-warmup".equals(s.moduleKey()) && s.isClosed()));
            drainWrites();
            Scrape.of(http);
            open(clients, "card-a-", 10);
            Scrape ten = Scrape.of(http);

            open(clients, "card-b-", 990);
            Scrape thousand = Scrape.of(http);

            assertThat(thousand.value("fleet_sessions", Map.of("direction", "inbound", "state", "open")))
                    .isGreaterThanOrEqualTo(1000);
            Set<String> before = stable(ten);
            Set<String> after = stable(thousand);
            assertThat(after).as("series added by 990 more modules: %s", diff(after, before)).hasSize(before.size());
            assertThat(after).isEqualTo(before);
            assertNoIdentityInLabels(thousand);
        } finally {
            for (ModuleClient c : clients) {
                c.close();
            }
        }
        Await.until("sessions closed", Duration.ofSeconds(60), () -> registry.all().stream()
                .noneMatch(s -> s.moduleKey() != null && s.moduleKey().startsWith("card-") && !s.isClosed()));
    }

    private void open(List<ModuleClient> clients, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            ModuleClient c = ModuleClient.hello(server.localPort(), prefix + i);
            clients.add(c);
            c.send("x");
        }
        Await.until(n + " sessions bound with prefix " + prefix, Duration.ofSeconds(60), () -> registry.all().stream()
                .filter(s -> s.isOpen() && s.moduleKey() != null && s.moduleKey().startsWith(prefix)
                        && s.stats().framesIn() == 1)
                .count() == n);
        drainWrites();
    }

    /** Waits until the background database writes (module registration, history) are done. */
    private void drainWrites() {
        // Empty queue and no task completed for a while: a batch taken off the queue has finished too.
        long[] last = {-1};
        Await.until("database writes done", Duration.ofSeconds(60), () -> {
            long before = writer.completed();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean idle = writer.pending() == 0 && writer.completed() == before && before == last[0];
            last[0] = before;
            return idle;
        });
    }

    private void assertNoIdentityInLabels(Scrape scrape) {
        Set<String> identities = new HashSet<>();
        for (ModuleSession s : registry.all()) {
            identities.add(s.id());
            if (s.moduleKey() != null) {
                identities.add(s.moduleKey());
            }
        }
        for (Scrape.Series series : scrape.series()) {
            for (String value : series.labels().values()) {
                assertThat(identities).as("label value %s of %s", value, series.id()).doesNotContain(value);
                assertThat(value).as("label of %s", series.id()).doesNotContain("127.0.0.1").doesNotContain("card-");
            }
        }
    }

    private static Set<String> stable(Scrape scrape) {
        return scrape.series().stream().filter(s -> TIME_DEPENDENT.stream().noneMatch(s.name()::startsWith))
                .map(Scrape.Series::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> diff(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        Set<String> gone = new TreeSet<>(b);
        gone.removeAll(a);
        d.addAll(gone.stream().map(g -> "-" + g).toList());
        return d;
    }
}
