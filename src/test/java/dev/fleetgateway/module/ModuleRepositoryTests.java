package dev.fleetgateway.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;

/** The Flyway schema runs and Hibernate validates the entities against it ({@code ddl-auto=validate}). */
@DataJpaTest(properties = "spring.jpa.hibernate.ddl-auto=validate")
class ModuleRepositoryTests {

    @Autowired
    ModuleRepository repository;

    @Test
    void storesModuleWithLabelsAndFindsItByKey() {
        repository.saveAndFlush(new FleetModule("866327040123456", "Pump", ModuleKind.REAL,
                Map.of("site", "berlin", "floor", "2"), Instant.parse("2026-01-01T00:00:00Z")));

        FleetModule found = repository.findByModuleKey("866327040123456").orElseThrow();
        assertThat(found.getLabels()).containsEntry("site", "berlin").containsEntry("floor", "2");
        assertThat(found.getKind()).isEqualTo(ModuleKind.REAL);
        assertThat(found.getCreatedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void rejectsDuplicateKeyAtTheDatabase() {
        repository.saveAndFlush(new FleetModule("dup-1", null, ModuleKind.REAL, Map.of(), Instant.now()));
        assertThatThrownBy(() -> repository.saveAndFlush(
                new FleetModule("dup-1", null, ModuleKind.SIMULATED, Map.of(), Instant.now())))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void filtersByKindAndEveryLabel() {
        repository.save(new FleetModule("a", null, ModuleKind.REAL, Map.of("site", "berlin", "role", "pump"), Instant.now()));
        repository.save(new FleetModule("b", null, ModuleKind.REAL, Map.of("site", "berlin"), Instant.now()));
        repository.save(new FleetModule("c", null, ModuleKind.SIMULATED, Map.of("site", "berlin"), Instant.now()));
        repository.flush();

        assertThat(repository.findAll(ModuleSpecifications.filter(ModuleKind.REAL, Map.of("site", "berlin")),
                PageRequest.of(0, 10)).map(FleetModule::getModuleKey)).containsExactlyInAnyOrder("a", "b");
        assertThat(repository.findAll(ModuleSpecifications.filter(null, Map.of("site", "berlin", "role", "pump")),
                PageRequest.of(0, 10)).map(FleetModule::getModuleKey)).containsExactly("a");
        assertThat(repository.findAll(ModuleSpecifications.filter(ModuleKind.SIMULATED, Map.of()),
                PageRequest.of(0, 10)).map(FleetModule::getModuleKey)).containsExactly("c");
    }

    @Test
    void touchUpdatesLastSeenOfKnownKeysOnly() {
        repository.saveAndFlush(new FleetModule("t", null, ModuleKind.REAL, Map.of(), Instant.now()));
        Instant at = Instant.parse("2026-02-02T10:00:00Z");
        assertThat(repository.touchAll(List.of("t", "unknown"), at)).isEqualTo(1);
        assertThat(repository.touchAll(List.of("unknown"), at)).isZero();
    }

    @Test
    void findsWhichOfManyKeysAreKnownInOneQuery() {
        repository.saveAndFlush(new FleetModule("k1", null, ModuleKind.REAL, Map.of(), Instant.now()));
        repository.saveAndFlush(new FleetModule("k3", null, ModuleKind.REAL, Map.of(), Instant.now()));
        assertThat(repository.findKnownKeys(List.of("k1", "k2", "k3", "k4"))).containsExactlyInAnyOrder("k1", "k3");
    }
}
