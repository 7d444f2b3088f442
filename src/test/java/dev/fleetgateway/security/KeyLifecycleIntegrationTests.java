package dev.fleetgateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dev.fleetgateway.support.Await;
import dev.fleetgateway.system.DatabaseWriter;
import dev.fleetgateway.system.FleetException;

/**
 * Keys over their life: an expired key leaves the in-memory table (and stops counting towards max-keys), and
 * replicas that start at once on one empty database generate one bootstrap admin key between them. A "replica"
 * here is a second {@link ApiKeys} table with its own {@link KeyBootstrap} on the same database.
 */
@SpringBootTest(properties = {"gateway.security.bootstrap-key=", "gateway.security.max-keys=3"})
@ExtendWith(OutputCaptureExtension.class)
class KeyLifecycleIntegrationTests {

    private static final String GENERATED = "GENERATED BOOTSTRAP ADMIN KEY";

    @Autowired
    ApiKeys keys;

    @Autowired
    ApiKeyRepository repository;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DatabaseWriter writer;

    @Autowired
    SecurityProperties props;

    @Autowired
    JdbcTemplate jdbc;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void expiredKeysLeaveTheTableAndNoLongerCountTowardsMaxKeys() {
        jdbc.update("delete from api_key");
        ApiKeys table = replica();
        table.create("permanent", Set.of(Role.READ), null);
        CreatedKey first = table.create("short-1", Set.of(Role.READ), Instant.now().plusMillis(1500));
        CreatedKey second = table.create("short-2", Set.of(Role.READ), Instant.now().plusMillis(1500));
        assertThat(table.liveCount()).isEqualTo(3);
        assertThatThrownBy(() -> table.create("over", Set.of(Role.READ), null)).isInstanceOf(FleetException.class)
                .hasMessageContaining("max-keys");

        Instant expired = second.key().expiresAt();
        Await.until("both keys expired", () -> Instant.now().isAfter(expired));
        // Refused, and gone from the table at once (not only once revoked).
        assertThat(table.authenticate(first.token())).isEmpty();
        assertThat(table.liveCount()).isEqualTo(2);
        // The periodic refresh drops the other one, and the stored rows (never revoked) do not bring them back.
        table.refresh();
        assertThat(table.liveCount()).isEqualTo(1);
        assertThat(table.authenticate(second.token())).isEmpty();
        assertThat(replica().liveCount()).as("a table loaded afresh skips expired rows").isEqualTo(1);

        table.create("after-expiry", Set.of(Role.READ), null);
        assertThat(table.liveCount()).isEqualTo(2);
    }

    @Test
    void twoReplicasStartingAtOnceOnAnEmptyDatabaseGenerateOneBootstrapKey(CapturedOutput output) throws Exception {
        for (int round = 0; round < 5; round++) {
            jdbc.update("delete from api_key");
            int printedBefore = count(output.getOut(), GENERATED);
            // Both tables are loaded from the empty database before either bootstraps: both see no admin key.
            ApiKeys a = replica();
            ApiKeys b = replica();
            together(() -> bootstrap(a, ""), () -> bootstrap(b, ""));

            assertThat(repository.count()).as("round " + round).isEqualTo(1);
            assertThat(count(output.getOut(), GENERATED) - printedBefore).as("round " + round).isEqualTo(1);
            assertThat(a.hasAdmin() && b.hasAdmin()).as("both know the one key").isTrue();
        }
        assertThat(output.getOut()).contains("An admin key exists already");
    }

    @Test
    void ofTwoInsertsOfOneGenerationOnlyTheFirstCreatesAKey() {
        jdbc.update("delete from api_key");
        ApiKeys a = replica();
        ApiKeys b = replica();
        var id = KeyBootstrap.generatedId(1);
        assertThat(a.createIfAbsent(id, KeyBootstrap.NAME, EnumSet.allOf(Role.class))).isPresent();
        assertThat(b.createIfAbsent(id, KeyBootstrap.NAME, EnumSet.allOf(Role.class))).isEmpty();
        assertThat(repository.count()).isEqualTo(1);
        assertThat(b.hasAdmin()).as("the loser reloads the winner's key").isTrue();
    }

    @Test
    void aRevokedBootstrapKeyIsFollowedByTheNextGenerationOnce(CapturedOutput output) throws Exception {
        jdbc.update("delete from api_key");
        ApiKeys first = replica();
        bootstrap(first, "");
        first.revoke(KeyBootstrap.generatedId(1));

        int printedBefore = count(output.getOut(), GENERATED);
        ApiKeys a = replica();
        ApiKeys b = replica();
        together(() -> bootstrap(a, ""), () -> bootstrap(b, ""));
        assertThat(repository.findById(KeyBootstrap.generatedId(2))).isPresent();
        assertThat(repository.count()).isEqualTo(2);
        assertThat(count(output.getOut(), GENERATED) - printedBefore).isEqualTo(1);
    }

    @Test
    void replicasWithTheSameConfiguredKeyStoreItOnce() throws Exception {
        jdbc.update("delete from api_key");
        ApiKeys a = replica();
        ApiKeys b = replica();
        together(() -> bootstrap(a, "shared-secret"), () -> bootstrap(b, "shared-secret"));
        assertThat(repository.count()).isEqualTo(1);
        assertThat(a.authenticate("shared-secret")).isPresent();
        assertThat(b.authenticate("shared-secret")).isPresent();
    }

    // --- helpers

    private ApiKeys replica() {
        return new ApiKeys(repository, transactions, writer, props);
    }

    private void bootstrap(ApiKeys table, String configured) {
        SecurityProperties p = new SecurityProperties(configured, props.maxKeys(), props.lastUsedFlush(),
                props.refresh(), props.rateLimit(), props.jwt());
        new KeyBootstrap(table, repository, p).afterPropertiesSet();
    }

    /** Runs both at the same moment (as far as two threads can) and waits for both, failing with either. */
    private void together(Runnable one, Runnable other) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<?>> done = new ArrayList<>();
        for (Runnable r : List.of(one, other)) {
            done.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                r.run();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
