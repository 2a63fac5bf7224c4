package sh.smarter.prompt.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The module boundaries of SPEC section 2 as ArchUnit rules, defined once over any root package. The production
 * rules apply them to {@code sh.smarter.prompt}; the fixture test applies the very same definitions to a test-only
 * package with planted violations, which proves the production rules can fail.
 */
final class ModuleBoundaries {
    static final String PRODUCTION_ROOT = "sh.smarter.prompt";
    /**
     * The core's outbound ports that only use cases call, relative to the core package: storage, the provider,
     * plugins and the weather. Event listeners and turn metrics are left out: adapters implement those.
     */
    static final List<String> CALLED_OUTBOUND_PORTS = List.of("session.TurnStore", "session.SessionHistory",
            "session.SessionMaintenance", "session.TokenUsageTotals", "session.SessionStore", "resource.ChatbotLookup",
            "resource.ResourceManagement", "resource.ApiKeyStore", "resource.ResourceCatalog",
            "provider.ChatCompletionProvider", "tool.SqlPluginExecutor", "tool.ApiPluginExecutor",
            "tool.WeatherService");
    /** Below the CLI: the composition root, which builds the engine from the adapters of every port. */
    static final String WIRING = "cli.wiring..";

    private final String root;

    ModuleBoundaries(String root) {
        this.root = root;
    }

    String packagesOf(PromptModule module) {
        return module.packagesBelow(root);
    }

    ArchRule coreDependsOnNothingButTheJdk() {
        String core = packagesOf(PromptModule.CORE);
        // Not allowed to be empty: if the core moved, every rule about it would pass vacuously.
        return classes().that().resideInAPackage(core)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", core)
                .because("the core is embedded anywhere and every adapter builds on it, so it needs only the JDK");
    }

    ArchRule coreUsesNoFramework() {
        return noClasses().that().resideInAPackage(packagesOf(PromptModule.CORE))
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..", "jakarta.persistence..",
                        "org.hibernate..", "io.javalin..", "picocli..", "org.slf4j..")
                .because("JSON mapping, persistence and HTTP belong to the adapters; the core has its own JSON model");
    }

    /** The shared adapter module stays small: a bridge between Jackson and the core, nothing that pulls in more. */
    ArchRule wireDependsOnlyOnTheCoreAndJackson() {
        String wire = packagesOf(PromptModule.WIRE);
        return classes().that().resideInAPackage(wire)
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", packagesOf(PromptModule.CORE), wire, "com.fasterxml.jackson..")
                .because("every adapter depends on the wire formats, so they must not drag another adapter or "
                        + "framework along")
                .allowEmptyShould(true);
    }

    /** One forbidden edge of the module graph. Adapter packages may still be empty, which is no violation. */
    ArchRule forbidDependency(PromptModule from, PromptModule to) {
        return noClasses().that().resideInAPackage(packagesOf(from))
                .should().dependOnClassesThat().resideInAPackage(packagesOf(to))
                .because(reason(from, to))
                .allowEmptyShould(true);
    }

    /** No class below the root depends on {@code target}, except those of {@code target} and of {@code allowed}. */
    ArchRule onlyTheseDependOn(PromptModule target, String reason, PromptModule... allowed) {
        String[] exempt = Stream.concat(Stream.of(target), Arrays.stream(allowed)).map(this::packagesOf)
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackages(exempt)
                .should().dependOnClassesThat().resideInAPackage(packagesOf(target))
                .because(reason)
                .allowEmptyShould(true);
    }

    /**
     * The HTTP and CLI modules reach the core through its use cases only; just the composition root touches the
     * outbound ports, to wire them. Taking a port from a getter counts too, even when the adapter only hands it on
     * ({@code new ChatbotAccess(engine.resourceCatalog())} never names the port's type).
     */
    ArchRule inboundAdaptersDoNotCallOutboundPorts() {
        String core = root + "." + "core.";
        Set<String> ports = CALLED_OUTBOUND_PORTS.stream().map(port -> core + port).collect(Collectors.toSet());
        return noClasses().that().resideInAnyPackage(packagesOf(PromptModule.HTTP), packagesOf(PromptModule.CLI))
                .and().resideOutsideOfPackage(root + "." + WIRING)
                .should().dependOnClassesThat(DescribedPredicate.describe("are outbound ports of the core",
                        (JavaClass target) -> ports.contains(target.getName())))
                .orShould().callMethodWhere(DescribedPredicate.describe("the method returns an outbound port",
                        (JavaMethodCall call) -> ports.contains(call.getTarget().getRawReturnType().getName())))
                .because("an inbound adapter that called a port directly would bypass the rules its use case applies")
                .allowEmptyShould(true);
    }

    ArchRule everyClassBelongsToAModule() {
        String[] modules = Arrays.stream(PromptModule.values()).map(this::packagesOf).toArray(String[]::new);
        return classes().that().resideInAPackage(root + "..")
                .should().resideInAnyPackage(modules)
                .because("a class outside the known module packages would escape every boundary rule");
    }

    private static String reason(PromptModule from, PromptModule to) {
        if (from == PromptModule.CORE) {
            return "adapters depend on the core's ports, never the other way round";
        }
        if (to == PromptModule.CLI) {
            return "the CLI is the composition root: nothing it wires may depend on it";
        }
        return "adapters never depend on each other; only the composition root sees them all";
    }
}
