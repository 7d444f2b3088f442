package dev.fleetgateway.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jpa.test.autoconfigure.TestEntityManager;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** Sightings written in batches keep the meaning of one registration at a time. */
@DataJpaTest
@Import(ModuleService.class)
class ModuleSightingsTests {

    static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-03-01T10:00:05Z");

    @Autowired
    ModuleService modules;

    /** The in-memory key table of the unknown-modules policy; not what these tests are about. */
    @MockitoBean
    KnownModules known;

    @Autowired
    ModuleRepository repository;

    @Autowired
    TestEntityManager em;

    FleetModule stored(String key) {
        em.clear(); // bulk updates bypass the persistence context: read what the database holds
        return repository.findByModuleKey(key).orElseThrow();
    }

    @Test
    void registersUnknownKeysWithTheirKindAndTime() {
        modules.recordSightings(List.of(Sighting.registered("new-real", ModuleKind.REAL, T1),
                Sighting.registered("new-sim", ModuleKind.SIMULATED, T2)));

        assertThat(stored("new-real").getKind()).isEqualTo(ModuleKind.REAL);
        assertThat(stored("new-real").getCreatedAt()).isEqualTo(T1);
        assertThat(stored("new-real").getLastSeenAt()).isEqualTo(T1);
        assertThat(stored("new-sim").getKind()).isEqualTo(ModuleKind.SIMULATED);
        assertThat(stored("new-sim").getLabels()).isEmpty();
    }

    @Test
    void touchingRefreshesKnownModulesAndNeverRegistersUnknownOnes() {
        repository.saveAndFlush(new FleetModule("known", "Pump", ModuleKind.REAL, Map.of("site", "x"), T1));

        modules.recordSightings(List.of(Sighting.touched("known", T2), Sighting.touched("stranger", T2)));

        assertThat(stored("known").getLastSeenAt()).isEqualTo(T2);
        assertThat(stored("known").getName()).isEqualTo("Pump");
        assertThat(stored("known").getLabels()).containsEntry("site", "x");
        assertThat(repository.findByModuleKey("stranger")).isEmpty();
    }

    @Test
    void simulatedWinsOverRealButRealNeverDowngradesSimulated() {
        repository.saveAndFlush(new FleetModule("was-real", null, ModuleKind.REAL, Map.of(), T1));
        repository.saveAndFlush(new FleetModule("was-sim", null, ModuleKind.SIMULATED, Map.of(), T1));

        modules.recordSightings(List.of(Sighting.registered("was-real", ModuleKind.SIMULATED, T2),
                Sighting.registered("was-sim", ModuleKind.REAL, T2)));

        assertThat(stored("was-real").getKind()).isEqualTo(ModuleKind.SIMULATED);
        assertThat(stored("was-real").getLastSeenAt()).isEqualTo(T2);
        assertThat(stored("was-sim").getKind()).isEqualTo(ModuleKind.SIMULATED);
        assertThat(stored("was-sim").getLastSeenAt()).isEqualTo(T2);
    }

    @Test
    void mergesRepeatsOfAKeyInOneCall() {
        modules.recordSightings(List.of(Sighting.touched("twice", T2),
                Sighting.registered("twice", ModuleKind.REAL, T1), Sighting.registered("twice", ModuleKind.SIMULATED, T1)));

        assertThat(stored("twice").getKind()).isEqualTo(ModuleKind.SIMULATED);
        assertThat(stored("twice").getLastSeenAt()).isEqualTo(T2);
    }

    @Test
    void writesAFullBatchOfNewAndKnownKeysInOneCall() {
        for (int i = 0; i < 250; i++) {
            repository.save(new FleetModule("batch-" + i, null, ModuleKind.REAL, Map.of(), T1));
        }
        repository.flush();
        List<Sighting> sightings = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sightings.add(Sighting.registered("batch-" + i, ModuleKind.REAL, T2));
        }

        modules.recordSightings(sightings);

        em.clear();
        assertThat(repository.count()).isEqualTo(500);
        assertThat(stored("batch-0").getLastSeenAt()).isEqualTo(T2);
        assertThat(stored("batch-0").getCreatedAt()).isEqualTo(T1);
        assertThat(stored("batch-499").getCreatedAt()).isEqualTo(T2);
    }
}
