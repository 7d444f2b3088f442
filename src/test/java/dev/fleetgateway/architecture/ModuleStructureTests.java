package dev.fleetgateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package layout as rules: features depend downwards only (system, security (used by the data-plane port alone), usocket, module,
 * session, then outbox, simulator and stats, cluster, the console and the data-plane port on top, used by none), no feature reaches into another's web layer, and only web packages speak HTTP. A new
 * arrow that breaks the picture fails the build here, with the offending classes named.
 */
class ModuleStructureTests {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fleetgateway");

    @Test
    void featuresDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("system").definedBy("dev.fleetgateway.system..")
                .layer("security").definedBy("dev.fleetgateway.security..")
                .layer("usocket").definedBy("dev.fleetgateway.usocket..")
                .layer("module").definedBy("dev.fleetgateway.module..")
                .layer("session").definedBy("dev.fleetgateway.session..")
                .layer("outbox").definedBy("dev.fleetgateway.outbox..")
                .layer("simulator").definedBy("dev.fleetgateway.simulator..")
                .layer("stats").definedBy("dev.fleetgateway.stats..")
                .layer("cluster").definedBy("dev.fleetgateway.cluster..")
                .layer("console").definedBy("dev.fleetgateway.console..")
                .layer("dataplane").definedBy("dev.fleetgateway.dataplane..")
                .whereLayer("security").mayOnlyBeAccessedByLayers("dataplane")
                .whereLayer("stats").mayNotBeAccessedByAnyLayer()
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("dataplane")
                .whereLayer("console").mayNotBeAccessedByAnyLayer()
                .whereLayer("dataplane").mayNotBeAccessedByAnyLayer()
                .whereLayer("simulator").mayOnlyBeAccessedByLayers("console")
                .whereLayer("outbox").mayOnlyBeAccessedByLayers("console", "cluster", "dataplane")
                .whereLayer("session").mayOnlyBeAccessedByLayers("outbox", "simulator", "stats", "console", "cluster", "dataplane")
                .whereLayer("module").mayOnlyBeAccessedByLayers("session", "outbox", "simulator", "console", "cluster", "dataplane")
                .whereLayer("usocket").mayOnlyBeAccessedByLayers("session", "simulator", "dataplane")
                .check(MAIN);
    }

    @Test
    void featuresFormNoCycles() {
        slices().matching("dev.fleetgateway.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void subPackagesFormNoCycles() {
        slices().matching("dev.fleetgateway.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesWebLayer() {
        for (String feature : new String[] {"module", "session", "outbox", "simulator", "stats", "cluster", "console"}) {
            noClasses().that().resideOutsideOfPackage("dev.fleetgateway." + feature + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.fleetgateway." + feature + ".web..")
                    .because("a feature's web layer is its own; other features use its service")
                    .check(MAIN);
        }
    }

    @Test
    void onlyWebPackagesSpeakHttp() {
        noClasses().that().resideOutsideOfPackage("..web..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.HttpStatus")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.ProblemDetail")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.http.ResponseEntity")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.springframework.web.ErrorResponseException")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.fleetgateway.system.web.Problems")
                .because("services and stores throw FleetException; the web edge alone picks the status")
                .check(MAIN);
    }

    @Test
    void controllersLiveInWebPackages() {
        classes().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(ResponseStatus.class)
                .should().resideInAPackage("..web..").check(MAIN);
    }

    @Test
    void eachFeatureSaysWhatItOwns() {
        for (String feature : new String[] {"system", "security", "usocket", "module", "session", "outbox", "simulator", "stats", "console", "dataplane"}) {
            Path info = Path.of("src/main/java/dev/fleetgateway", feature, "package-info.java");
            assertThat(info).as("%s says what it owns", info).exists();
        }
    }
}
