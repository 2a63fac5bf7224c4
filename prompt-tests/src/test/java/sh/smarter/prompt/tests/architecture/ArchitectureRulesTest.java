package sh.smarter.prompt.tests.architecture;

import static sh.smarter.prompt.tests.architecture.PromptModule.CLI;
import static sh.smarter.prompt.tests.architecture.PromptModule.CORE;
import static sh.smarter.prompt.tests.architecture.PromptModule.HTTP;
import static sh.smarter.prompt.tests.architecture.PromptModule.PERSISTENCE;
import static sh.smarter.prompt.tests.architecture.PromptModule.PROVIDERS;
import static sh.smarter.prompt.tests.architecture.PromptModule.TESTS;
import static sh.smarter.prompt.tests.architecture.PromptModule.WIRE;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module graph of SPEC section 2, one rule per forbidden edge: the core needs only the JDK, adapters depend
 * on the core alone, and only the composition root (the CLI) sees every module. {@link ModuleBoundaries} defines
 * the rules; {@link ArchitectureRulesDetectViolationsTest} proves the same definitions catch violations.
 */
@AnalyzeClasses(packages = ModuleBoundaries.PRODUCTION_ROOT, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureRulesTest {
    private static final ModuleBoundaries MODULES = new ModuleBoundaries(ModuleBoundaries.PRODUCTION_ROOT);

    @ArchTest
    static final ArchRule core_depends_on_nothing_but_the_jdk = MODULES.coreDependsOnNothingButTheJdk();

    @ArchTest
    static final ArchRule core_does_not_use_jackson_jpa_or_javalin = MODULES.coreUsesNoFramework();

    @ArchTest
    static final ArchRule core_does_not_depend_on_the_persistence_adapter = MODULES.forbidDependency(CORE, PERSISTENCE);

    @ArchTest
    static final ArchRule core_does_not_depend_on_the_providers_adapter = MODULES.forbidDependency(CORE, PROVIDERS);

    @ArchTest
    static final ArchRule core_does_not_depend_on_the_http_adapter = MODULES.forbidDependency(CORE, HTTP);

    @ArchTest
    static final ArchRule core_does_not_depend_on_the_cli = MODULES.forbidDependency(CORE, CLI);

    @ArchTest
    static final ArchRule core_does_not_depend_on_the_shared_wire_formats = MODULES.forbidDependency(CORE, WIRE);

    @ArchTest
    static final ArchRule wire_formats_depend_on_nothing_but_the_core_and_jackson =
            MODULES.wireDependsOnlyOnTheCoreAndJackson();

    @ArchTest
    static final ArchRule persistence_adapter_does_not_depend_on_the_providers_adapter =
            MODULES.forbidDependency(PERSISTENCE, PROVIDERS);

    @ArchTest
    static final ArchRule persistence_adapter_does_not_depend_on_the_http_adapter =
            MODULES.forbidDependency(PERSISTENCE, HTTP);

    @ArchTest
    static final ArchRule persistence_adapter_does_not_depend_on_the_cli = MODULES.forbidDependency(PERSISTENCE, CLI);

    @ArchTest
    static final ArchRule providers_adapter_does_not_depend_on_the_persistence_adapter =
            MODULES.forbidDependency(PROVIDERS, PERSISTENCE);

    @ArchTest
    static final ArchRule providers_adapter_does_not_depend_on_the_http_adapter =
            MODULES.forbidDependency(PROVIDERS, HTTP);

    @ArchTest
    static final ArchRule providers_adapter_does_not_depend_on_the_cli = MODULES.forbidDependency(PROVIDERS, CLI);

    @ArchTest
    static final ArchRule http_adapter_does_not_depend_on_the_persistence_adapter =
            MODULES.forbidDependency(HTTP, PERSISTENCE);

    @ArchTest
    static final ArchRule http_adapter_does_not_depend_on_the_providers_adapter =
            MODULES.forbidDependency(HTTP, PROVIDERS);

    @ArchTest
    static final ArchRule http_adapter_does_not_depend_on_the_cli = MODULES.forbidDependency(HTTP, CLI);

    @ArchTest
    static final ArchRule only_the_cli_and_the_tests_depend_on_the_cli = MODULES.onlyTheseDependOn(CLI,
            "the CLI is the composition root: nothing it wires may depend on it", TESTS);

    @ArchTest
    static final ArchRule no_module_depends_on_the_tests = MODULES.onlyTheseDependOn(TESTS,
            "tests may use every module, but no module ships depending on its tests");

    @ArchTest
    static final ArchRule inbound_adapters_do_not_call_outbound_ports =
            MODULES.inboundAdaptersDoNotCallOutboundPorts();

    @ArchTest
    static final ArchRule every_class_belongs_to_a_module = MODULES.everyClassBelongsToAModule();
}
