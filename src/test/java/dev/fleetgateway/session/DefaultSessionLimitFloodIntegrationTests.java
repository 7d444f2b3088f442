package dev.fleetgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fleetgateway.FleetGatewayApplication;
import dev.fleetgateway.support.Http;
import dev.fleetgateway.support.ModuleClient;
import dev.fleetgateway.support.ReadyPorts;

/**
 * The flood against the default limit, not a configured one: a gateway process started under an
 * open-file limit of 1,400 derives {@code max-sessions} from it (less the reserve for HTTP, database and
 * files), so idle connects past that default are refused at accept, and the liveness probe keeps answering
 * within a second instead of the process running out of descriptors.
 */
class DefaultSessionLimitFloodIntegrationTests {

    static final int OPEN_FILES = 1_400;
    static final int FLOOD = 800;

    @TempDir
    Path dir;

    @Test
    void aFloodPastTheDefaultLimitIsRefusedAndLivenessKeepsAnswering() throws Exception {
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The limit is lowered (never raised) for the child only; everything else is the default configuration.
        String command = "ulimit -n " + OPEN_FILES + " && exec '" + java + "' -Xmx256m -cp '"
                + System.getProperty("java.class.path") + "' " + FleetGatewayApplication.class.getName()
                // port 0 everywhere (a port picked here may be taken before the child binds it); its ready line
                // names the ports it bound
                + " --server.port=0 --management.server.port=0 --gateway.modules.port=0"
                + " --gateway.modules.bind-address=127.0.0.1 " + ReadyPorts.LOG_SETTING
                + " --spring.datasource.url=jdbc:h2:mem:flood --spring.main.banner-mode=off";
        Process child = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        List<ModuleClient> flood = new ArrayList<>();
        try {
            ReadyPorts ports = ReadyPorts.await(child, log, 0, Duration.ofSeconds(120));
            int modulePort = ports.module();
            Http management = new Http(ports.management());
            awaitLive(management, child, log);
            int maxSessions = defaultMaxSessions(log);
            assertThat(maxSessions).as("max-sessions derived from the open-file limit")
                    .isPositive().isLessThan(OPEN_FILES);
            assertThat(FLOOD).isGreaterThan(maxSessions);

            long slowest = 0;
            int early = 0;
            for (int i = 0; i < FLOOD; i++) {
                // Eight source addresses, each below the per-address share, so the overall default is what bites.
                try {
                    flood.add(ModuleClient.from("127.0.0." + (20 + i % 8), modulePort));
                } catch (IOException refusedEarly) {
                    early++; // a connect the gateway closed before the client saw it established
                }
                if (i % 100 == 99) {
                    slowest = Math.max(slowest, timedLiveness(management));
                }
            }
            // The kernel completes a connect before the gateway accepts it: wait until the backlog is worked off.
            int expected = FLOOD - maxSessions - early;
            long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (refusedAtMax(management) < expected && System.nanoTime() < waitUntil) {
                Thread.sleep(100);
            }
            double refused = refusedAtMax(management);
            for (int i = 0; i < 5; i++) {
                slowest = Math.max(slowest, timedLiveness(management));
            }
            System.out.printf("default-limit flood: open files %d, max-sessions %d, %d connects, %.0f refused at "
                    + "max-sessions, slowest liveness %d ms%n", OPEN_FILES, maxSessions, FLOOD, refused, slowest);
            assertThat(refused).as("connects refused at the default max-sessions").isGreaterThanOrEqualTo(expected)
                    .isPositive();
            assertThat(child.isAlive()).isTrue();
            assertThat(Files.readString(log)).doesNotContain("Too many open files");
        } finally {
            for (ModuleClient c : flood) {
                c.close();
            }
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** One liveness call; the bar is that it answers UP within a second. */
    private static long timedLiveness(Http management) {
        long t0 = System.nanoTime();
        Http.Response live = management.get("/actuator/health/liveness");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(live.status()).isEqualTo(200);
        assertThat(millis).as("liveness answered in %d ms", millis).isLessThan(1000);
        return millis;
    }

    private static double refusedAtMax(Http management) {
        String text = management.get("/actuator/prometheus").body();
        Matcher m = Pattern.compile("(?m)^fleet_sessions_refused_total\\{[^}]*reason=\"max_sessions\"[^}]*} (\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static int defaultMaxSessions(Path log) throws IOException {
        Matcher m = Pattern.compile("max (\\d+) sessions").matcher(Files.readString(log));
        assertThat(m.find()).as("the module port logs its session limit").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static void awaitLive(Http http, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                String out = Files.readString(log);
                throw new AssertionError("child gateway exited: " + out.substring(Math.max(0, out.length() - 4000)));
            }
            try {
                if (http.get("/actuator/health/liveness").status() == 200 && Files.readString(log).contains(" sessions)")) {
                    // warm: the first probe pays for lazy initialisation; only the flood is under test
                    http.get("/actuator/health/liveness");
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("child gateway not ready within 120 s");
    }
}
