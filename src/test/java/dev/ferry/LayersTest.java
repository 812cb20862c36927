package dev.ferry;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure, checked on the compiled main classes: each layer depends only on layers
 * below it, and no two top-level packages depend on each other in a cycle.
 */
class LayersTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ferry");
    }

    @Test
    void eachLayerDependsOnlyOnLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                // shared types, OCI's manifest grammar (core.oci), OpenPGP, TLS material and the
                // family-neutral configuration (families declare their own sections)
                .layer("core").definedBy("dev.ferry.core..", "dev.ferry.pgp..", "dev.ferry.tls..", "dev.ferry.config..")
                .layer("store").definedBy("dev.ferry.store..")
                // the generic machinery every family plugs into, and the Family contract itself
                .layer("importer").definedBy("dev.ferry.importer..", "dev.ferry.bundle..", "dev.ferry.fetch..",
                        "dev.ferry.status..", "dev.ferry.metrics..", "dev.ferry.serving..", "dev.ferry.family..")
                .layer("families").definedBy("dev.ferry.falco..", "dev.ferry.opensearch..", "dev.ferry.trivy..", "dev.ferry.oci..")
                .layer("http").definedBy("dev.ferry.http..", "dev.ferry.admin..")
                // the app lists the families; the CLI and the spec planner drive them by name
                .layer("app").definedBy("dev.ferry.cli..", "dev.ferry.spec..", "dev.ferry.app..")
                .whereLayer("core").mayOnlyAccessLayers("core")
                .whereLayer("store").mayOnlyAccessLayers("core")
                .whereLayer("importer").mayOnlyAccessLayers("core", "store")
                .whereLayer("families").mayOnlyAccessLayers("core", "store", "importer")
                .whereLayer("http").mayOnlyAccessLayers("core", "store", "importer", "families")
                .check(classes);
    }

    /**
     * Families are independent, except where one builds on another today: OCI is the base that
     * Trivy (its DBs are OCI artifacts) and Falco (rules and plugins are OCI artifacts; its wanted
     * list names the registry's missed images) use. Nothing uses Falco, Trivy or OpenSearch.
     */
    @Test
    void familiesUseOnlyTheOciBase() {
        noClasses().that().resideInAPackage("dev.ferry.oci..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ferry.falco..", "dev.ferry.trivy..", "dev.ferry.opensearch..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.ferry.falco..", "dev.ferry.trivy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ferry.opensearch..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.ferry.falco..").should().dependOnClassesThat().resideInAPackage("dev.ferry.trivy..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.ferry.trivy..").should().dependOnClassesThat().resideInAPackage("dev.ferry.falco..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.ferry.opensearch..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ferry.oci..", "dev.ferry.falco..", "dev.ferry.trivy..")
                .check(classes);
    }

    /** Only the app names the families: the layers below it receive them as a list. */
    @Test
    void onlyTheAppListsTheFamilies() {
        noClasses().that().resideInAnyPackage("dev.ferry.importer..", "dev.ferry.bundle..", "dev.ferry.status..",
                        "dev.ferry.metrics..", "dev.ferry.config..", "dev.ferry.family..", "dev.ferry.http..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.ferry.falco..", "dev.ferry.opensearch..", "dev.ferry.trivy..",
                        "dev.ferry.oci..")
                .check(classes);
    }

    /** Sub-packages belong to their top-level package (core.http and core.oci are core). */
    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.ferry.(*)..").should().beFreeOfCycles().check(classes);
    }
}
