package dev.netune.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The package rules of STYLE.md, checked on the compiled main classes. */
class PackageRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            // not DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and -Dnetune.buildDir moves it
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("dev.netune");
    /** The packages under setting/ that are kinds (setting.shared is what they share). */
    private static final List<String> KINDS = List.of("sysctl", "irqbalance", "nic", "limits");

    @Test
    void noPackageCycles() {
        slices().matching("dev.netune.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sysctl", "irqbalance", "nic", "limits"})
    void noKindDependsOnAnotherKind(String kind) {
        String[] others = KINDS.stream().filter(k -> !k.equals(kind)).map(k -> "dev.netune.setting." + k + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.netune.setting." + kind + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("kinds share values through setting.PlanContext and setting.shared, never each other's classes")
                .check(MAIN);
    }

    @Test
    void theContractAndWhatKindsShareKnowNoKind() {
        noClasses().that().resideInAnyPackage("dev.netune.setting", "dev.netune.setting.shared")
                .should().dependOnClassesThat().resideInAnyPackage(KINDS.stream()
                        .map(k -> "dev.netune.setting." + k + "..").toArray(String[]::new))
                .check(MAIN);
    }

    @Test
    void layersAsDrawnInStyleMd() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("cli").definedBy("dev.netune.cli..")
                .layer("diagnose").definedBy("dev.netune.diagnose..")
                .layer("report").definedBy("dev.netune.report..")
                .layer("schema").definedBy("dev.netune.schema..")
                .layer("engine").definedBy("dev.netune.engine..")
                .layer("kinds").definedBy("dev.netune.kinds..")
                .layer("setting").definedBy("dev.netune.setting..")
                .layer("inventory").definedBy("dev.netune.inventory..")
                .layer("fact").definedBy("dev.netune.fact..")
                .layer("plan").definedBy("dev.netune.plan..")
                .layer("profile").definedBy("dev.netune.profile..")
                .layer("transport").definedBy("dev.netune.transport..")
                // text: helpers on plain strings (Glob); any layer may use them, they use no layer
                .layer("text").definedBy("dev.netune.text..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("diagnose").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli", "diagnose")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("cli", "diagnose", "report")
                .whereLayer("schema").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("kinds").mayOnlyBeAccessedByLayers("cli", "engine", "schema")
                .whereLayer("setting").mayOnlyBeAccessedByLayers("kinds", "engine", "report")
                .whereLayer("inventory").mayOnlyBeAccessedByLayers("cli", "engine", "schema")
                .whereLayer("fact").mayOnlyBeAccessedByLayers("setting", "kinds", "engine", "report", "diagnose")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("setting", "kinds", "engine", "report", "cli")
                .whereLayer("profile").mayOnlyBeAccessedByLayers("setting", "kinds", "engine", "report", "cli",
                        "inventory", "schema")
                .whereLayer("transport").mayOnlyBeAccessedByLayers("fact", "setting", "engine", "inventory",
                        "diagnose", "cli")
                .check(MAIN);
    }

}
