package dev.fleetgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark scenario at a tiny scale (50 sessions, 20 streaming modules, about 2 s each) against
 * real processes, so the harness keeps working as the gateway changes. It checks behaviour only: every
 * module held, every frame counted and in order, every probe delivered; never a speed.
 */
class BenchmarkSmokeTests {

    private static List<Result> results;

    @BeforeAll
    static void runHarness() {
        results = BenchRun.run(BenchConfig.smoke(Path.of("target", "bench-smoke")));
    }

    @Test
    void everyScenarioRanWithoutError() {
        assertThat(results).filteredOn(r -> r.metric().equals("error")).isEmpty();
        assertThat(results).extracting(Result::scenario).contains("1 hold", "2 connect storm", "3 uplink ingest",
                "4 REST downlink", "5 end-to-end latency", "6 simulator scale", "7 startup",
                "8 connect storm, credentials", "9 cluster, three replicas");
    }

    @Test
    void everyModuleOfTheCredentialStormsIsIdentifiedWithAndWithoutCredentials() {
        // A rate of 0 means the server did not count every module identified in time (a refused token, say).
        assertThat(row("8 connect storm, credentials", "connects/s (to all identified)")).satisfies(r -> {
            assertThat(r.baseline()).isPositive();
            assertThat(r.gateway()).isPositive();
        });
        assertThat(row("8 connect storm, credentials", "connect failures")).satisfies(r -> {
            assertThat(r.baseline()).isZero();
            assertThat(r.gateway()).isZero();
        });
    }

    @Test
    void bothServersHoldEverySessionTheStormOpened() {
        assertThat(row("1 hold", "sessions held (server)")).satisfies(r -> {
            assertThat(r.baseline()).isEqualTo(50.0);
            assertThat(r.gateway()).isEqualTo(50.0);
        });
        assertThat(row("1 hold", "sessions held (modules)")).satisfies(r -> {
            assertThat(r.baseline()).isEqualTo(50.0);
            assertThat(r.gateway()).isEqualTo(50.0);
        });
        assertThat(row("2 connect storm", "connect failures").gateway()).isZero();
        assertThat(row("1 hold", "GET /sessions/{id} p99 while holding").note()).endsWith(" 0 errors");
    }

    @Test
    void everyStreamedFrameIsCountedAndReadInOrder() {
        assertThat(row("3 uplink ingest", "frames sent, BACKPRESSURE + REST readers").gateway()).isPositive();
        assertThat(row("3 uplink ingest", "frames lost or out of order, REST readers")).satisfies(r -> {
            assertThat(r.baseline()).isZero();
            assertThat(r.gateway()).isZero();
        });
        assertThat(row("3 uplink ingest", "frames counted, DROP_OLDEST").met()).isTrue();
    }

    @Test
    void everyDownlinkProbeReachesItsModule() {
        assertThat(row("4 REST downlink", "POST send by module key requests/s").note()).endsWith(" 0 errors");
        // Every other call of scenario 4 got the answer it measures (200, 408, 404, 409).
        for (String call : new String[] {"POST send by session id", "non-blocking recv, no data (408)",
                "POST send, unknown module (404)", "POST send, module offline (409)",
                "GET one session (cheapest REST GET)", "GET liveness probe",
                // the data-plane port, beside the REST port (Netty HTTP, the same answers)
                "data-plane POST send by module key", "data-plane POST send by session id",
                "data-plane non-blocking recv, no data (408)"}) {
            assertThat(row("4 REST downlink", call + " requests/s").note()).isEqualTo("0 unexpected answers");
        }
        assertThat(row("5 end-to-end latency", "probes received / sent")).satisfies(r -> {
            assertThat(r.baseline()).isEqualTo(1.0);
            assertThat(r.gateway()).isEqualTo(1.0);
        });
    }

    @Test
    void simulatorScaleRunsOrSaysWhyNot() {
        Result r = results.stream().filter(x -> x.scenario().equals("6 simulator scale")).findFirst().orElseThrow();
        if (r.metric().equals("not available")) {
            assertThat(r.note()).contains("simulator");
        } else {
            assertThat(row("6 simulator scale", "largest fleet sustained").gateway()).isEqualTo(20.0);
        }
    }

    @Test
    void everySendThroughTheClusterIsAnsweredAndReachesItsModuleWhetherLocalOrForwarded() {
        Assumptions.assumeTrue(System.getenv("FLEET_TEST_POSTGRES_URL") != null,
                "FLEET_TEST_POSTGRES_URL is not set (see .ci/setup.d/10-postgres.sh)");
        String cluster = "9 cluster, three replicas";
        assertThat(row(cluster, "modules held, all replicas").gateway()).isEqualTo(30.0);
        assertThat(row(cluster, "POST send by key, forwarded (through a non-owner) requests/s").gateway())
                .isPositive();
        assertThat(row(cluster, "POST send by key, local (through the owner) requests/s").gateway()).isPositive();
        assertThat(row(cluster, "presence rows in PostgreSQL").met()).isTrue();
        assertThat(row(cluster, "sampled modules unreachable through a non-owner").gateway()).isZero();
        assertThat(row(cluster, "sends not answered 200").gateway()).isZero();
        assertThat(row(cluster, "sends received by their module / answered 200")).satisfies(r -> {
            assertThat(r.gateway()).isEqualTo(1.0);
            assertThat(r.met()).isTrue();
        });
    }

    @Test
    void startupIsMeasuredForEveryLaunch() {
        assertThat(row("7 startup", "start to ready, median").gateway()).isPositive();
        assertThat(row("7 startup", "start to ready, median").baseline()).isPositive();
    }

    private static Result row(String scenario, String metric) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no result " + scenario + " / " + metric + " in " + results));
    }
}
