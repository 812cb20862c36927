package dev.ferry;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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
    private static final String[] CORE = {"dev.ferry.core..", "dev.ferry.pgp..", "dev.ferry.tls..", "dev.ferry.config.."};
    private static final String[] STORE = {"dev.ferry.store.."};
    private static final String[] IMPORTER = {"dev.ferry.importer..", "dev.ferry.bundle..", "dev.ferry.fetch..", "dev.ferry.status..",
            "dev.ferry.metrics..", "dev.ferry.serving..", "dev.ferry.family.."};
    private static final String[] HTTP = {"dev.ferry.http..", "dev.ferry.admin.."};
    private static final String[] APP = {"dev.ferry.cli..", "dev.ferry.spec..", "dev.ferry.app.."};
    /**
     * Every other package is a family (falco, opensearch, trivy, oci today), so that a new family
     * is checked without naming it here.
     */
    private static final DescribedPredicate<JavaClass> FAMILIES = JavaClass.Predicates.resideInAPackage("dev.ferry..")
            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(concat(CORE, STORE, IMPORTER, HTTP, APP))))
            .as("a family package");
    private static JavaClasses classes;

    private static String[] concat(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ferry");
    }

    @Test
    void eachLayerDependsOnlyOnLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                // shared types, OCI's manifest grammar (core.oci), OpenPGP, TLS material and the
                // family-neutral configuration (families declare their own sections)
                .layer("core").definedBy(CORE)
                .layer("store").definedBy(STORE)
                // the generic machinery every family plugs into, and the Family contract itself
                .layer("importer").definedBy(IMPORTER)
                .layer("families").definedBy(FAMILIES)
                .layer("http").definedBy(HTTP)
                // the app lists the families; the CLI and the spec planner drive them by name
                .layer("app").definedBy(APP)
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

    /** The server names no family either (the layers below cannot): it serves what the app's family list contributes. */
    @Test
    void theServerNamesNoFamily() {
        noClasses().that().resideInAnyPackage(HTTP).should().dependOnClassesThat(FAMILIES).check(classes);
    }

    /** Sub-packages belong to their top-level package (core.http and core.oci are core). */
    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.ferry.(*)..").should().beFreeOfCycles().check(classes);
    }
}
