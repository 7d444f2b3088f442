package dev.fleetgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.fleetgateway.support.Scrape;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The cluster's meters as Prometheus renders them: every outcome, kind and gauge, with bounded labels. */
class ClusterMetricsTests {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PresenceCache cache = new PresenceCache();
    private final ClusterMetrics metrics = new ClusterMetrics(registry, cache, new ReplicaIdentity(
            new ClusterProperties(true, "replica-a", "127.0.0.1", 0, "s", Duration.ofSeconds(10),
                    Duration.ofSeconds(3)), new InternalPort()));

    @Test
    void everyForwardOutcomeIsCountedAndTimedInOneHistogramFamily() {
        for (ClusterMetrics.Forward f : ClusterMetrics.Forward.values()) {
            metrics.forwarded(f, System.nanoTime() - 3_000_000);
        }
        // A name that is a histogram for one outcome and a summary for another fails the whole scrape.
        Scrape s = new Scrape(registry.scrape());
        for (ClusterMetrics.Forward f : ClusterMetrics.Forward.values()) {
            String outcome = f.name().toLowerCase();
            assertThat(s.value("fleet_cluster_forward_calls_total", Map.of("outcome", outcome))).as(outcome)
                    .isEqualTo(1);
            double timed = s.value("fleet_cluster_forward_duration_seconds_bucket", Map.of("outcome", outcome,
                    "le", "+Inf"));
            assertThat(timed).as(outcome).isEqualTo(f == ClusterMetrics.Forward.LIMITED ? 0 : 1);
        }
        assertThat(s.value("fleet_cluster_forward_duration_seconds_bucket", Map.of("outcome", "answered",
                "le", "0.002"))).as("3 ms is above the first bucket").isZero();
        assertThat(s.value("fleet_cluster_forward_duration_seconds_bucket", Map.of("outcome", "answered",
                "le", "0.005"))).isEqualTo(1);
    }

    @Test
    void signalsAreCountedByKindAndAnUnknownLetterAsOther() {
        for (char k : "PPREWJGCKZ".toCharArray()) {
            metrics.signal(k);
        }
        Scrape s = new Scrape(registry.scrape());
        assertThat(s.value("fleet_cluster_signals_total", Map.of("kind", "presence"))).isEqualTo(2);
        for (String kind : List.of("removed", "event", "queued", "joined", "gone", "credentials", "registry", "other")) {
            assertThat(s.value("fleet_cluster_signals_total", Map.of("kind", kind))).as(kind).isEqualTo(1);
        }
    }

    @Test
    void gaugesReadThePresenceCopyAndTheLiveReplicas() {
        cache.put("m1", new PresenceCache.Presence("replica-a", "s1"));
        cache.put("m2", new PresenceCache.Presence("replica-b", "s2"));
        cache.put("m3", new PresenceCache.Presence("replica-b", "s3"));
        Instant now = Instant.now();
        cache.replicas(List.of(row("replica-a", now.plusSeconds(10)), row("replica-b", now.plusSeconds(10)),
                row("replica-dead", now.minusSeconds(1))));
        int[] open = {7};
        metrics.forwardsInFlight(() -> open[0]);
        metrics.listening(true);
        Scrape s = new Scrape(registry.scrape());
        assertThat(s.value("fleet_cluster_presence", Map.of("holder", "self"))).isEqualTo(1);
        assertThat(s.value("fleet_cluster_presence", Map.of("holder", "others"))).isEqualTo(2);
        assertThat(s.value("fleet_cluster_replicas", Map.of())).as("the lapsed one left out").isEqualTo(2);
        assertThat(s.value("fleet_cluster_forward_in_flight", Map.of())).isEqualTo(7);
        assertThat(s.value("fleet_cluster_listener_connected", Map.of())).isEqualTo(1);
    }

    @Test
    void leaseResyncAndGatherOutcomes() {
        metrics.renewed();
        metrics.leaseLost();
        metrics.renewFailed();
        metrics.purged(2);
        metrics.resynced(5, 3);
        metrics.gathered(0);
        metrics.gathered(2);
        Scrape s = new Scrape(registry.scrape());
        for (String outcome : List.of("renewed", "lost", "failed")) {
            assertThat(s.value("fleet_cluster_lease_renewals_total", Map.of("outcome", outcome))).isEqualTo(1);
        }
        assertThat(s.value("fleet_cluster_replicas_purged_total", Map.of())).isEqualTo(2);
        assertThat(s.value("fleet_cluster_presence_resyncs_total", Map.of())).isEqualTo(1);
        assertThat(s.value("fleet_cluster_presence_resynced_total", Map.of("action", "written"))).isEqualTo(5);
        assertThat(s.value("fleet_cluster_presence_resynced_total", Map.of("action", "removed"))).isEqualTo(3);
        assertThat(s.value("fleet_cluster_gather_calls_total", Map.of("outcome", "complete"))).isEqualTo(1);
        assertThat(s.value("fleet_cluster_gather_calls_total", Map.of("outcome", "partial"))).isEqualTo(1);
        assertThat(s.value("fleet_cluster_gather_unreachable_total", Map.of())).isEqualTo(2);
    }

    private static PresenceCache.ReplicaRow row(String id, Instant leaseUntil) {
        return new PresenceCache.ReplicaRow(new Replica(id, java.net.URI.create("http://127.0.0.1:1")),
                ReplicaIdentity.tagOf(id), leaseUntil);
    }
}
