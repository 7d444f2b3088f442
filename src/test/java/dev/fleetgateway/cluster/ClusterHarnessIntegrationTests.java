package dev.fleetgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.cluster.ClusterHarness;
import dev.fleetgateway.support.cluster.GatewayReplica;
import dev.fleetgateway.support.cluster.ModuleFleet;

/**
 * The cluster harness itself: three gateway replicas on 127.0.0.11-13 behind HAProxy on 127.0.0.10, one
 * PostgreSQL schema. Modules dialling the balancer spread over all three, and the modules of a replica killed with
 * -9 reconnect through the balancer to the others. Needs nothing of the cluster feature but its settings, so it
 * holds with one replica knowing nothing of the others as well as with the whole feature.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterHarnessIntegrationTests {

    private static final int MODULES = 30;

    private ClusterHarness cluster;
    private ModuleFleet fleet;

    @BeforeAll
    void startCluster() throws Exception {
        ClusterHarness.assumeAvailable();
        cluster = ClusterHarness.start(3);
        fleet = ModuleFleet.start(cluster, "harness", MODULES);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void modulesDiallingTheBalancerSpreadOverAllThreeReplicas() {
        awaitEveryModuleOnline(cluster.replicas());
        // the gauge of each replica counts its own sessions only (a balancer health check may be one of them
        // for an instant)
        Await.until("all " + MODULES + " modules spread over all three replicas", Duration.ofSeconds(10), () -> {
            List<Long> perReplica = cluster.replicas().stream().map(GatewayReplica::openSessions).toList();
            return perReplica.stream().allMatch(n -> n > 0)
                    && perReplica.stream().mapToLong(Long::longValue).sum() == MODULES;
        });
    }

    @Test
    @Order(2)
    void modulesOfAKilledReplicaReconnectThroughTheBalancerToTheOthers() {
        awaitEveryModuleOnline(cluster.replicas());
        GatewayReplica victim = cluster.replica(0);
        long lost = victim.openSessions();
        int connectsBefore = fleet.modules().stream().mapToInt(m -> m.connects()).sum();

        cluster.kill(0);

        assertThat(victim.isAlive()).isFalse();
        List<GatewayReplica> survivors = cluster.alive();
        assertThat(survivors).hasSize(2);
        awaitEveryModuleOnline(survivors);
        Await.until("the survivors hold all " + MODULES + " modules", Duration.ofSeconds(30),
                () -> survivors.stream().mapToLong(GatewayReplica::openSessions).sum() == MODULES);
        int reconnects = fleet.modules().stream().mapToInt(m -> m.connects()).sum() - connectsBefore;
        assertThat(reconnects).as("reconnects after the kill").isGreaterThanOrEqualTo((int) lost);
    }

    // Every module key has an open session on one of these replicas (each replica asked about its own table,
    // which a cluster-wide list includes).
    private void awaitEveryModuleOnline(List<GatewayReplica> replicas) {
        Await.until("every module has an open session on " + replicas, Duration.ofSeconds(60),
                () -> fleet.keys().stream().allMatch(key -> replicas.stream().anyMatch(r -> online(r, key))));
    }

    private static boolean online(GatewayReplica replica, String key) {
        Http.Response page = replica.api().get("/api/v1/sessions?state=OPEN&moduleKey=" + key);
        return page.status() == 200 && page.json().path("content").size() > 0;
    }

}
