package sh.smarter.prompt.tests.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.architecture.PromptModule.CLI;
import static sh.smarter.prompt.tests.architecture.PromptModule.CORE;
import static sh.smarter.prompt.tests.architecture.PromptModule.HTTP;
import static sh.smarter.prompt.tests.architecture.PromptModule.PERSISTENCE;
import static sh.smarter.prompt.tests.architecture.PromptModule.PROVIDERS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.tests.architecture.fixture.core.CoreServiceUsingALibrary;
import sh.smarter.prompt.tests.architecture.fixture.core.PureCoreService;
import sh.smarter.prompt.tests.architecture.fixture.core.resource.ChatbotLookup;
import sh.smarter.prompt.tests.architecture.fixture.http.HttpEndpoint;
import sh.smarter.prompt.tests.architecture.fixture.http.HttpEndpointCallingAnOutboundPort;
import sh.smarter.prompt.tests.architecture.fixture.http.HttpEndpointHandingAPortToAService;
import sh.smarter.prompt.tests.architecture.fixture.persistence.PersistenceStoreCallingTheHttpAdapter;
import sh.smarter.prompt.tests.architecture.fixture.stray.ClassOutsideEveryModule;
import sh.smarter.prompt.tests.architecture.fixture.wire.JacksonBridgeToTheCore;
import sh.smarter.prompt.tests.architecture.fixture.wire.WireFormatUsingTheHttpAdapter;

/**
 * Proves that the rule definitions of {@link ArchitectureRulesTest} can fail: they are applied here to a test-only
 * package tree ({@code ..architecture.fixture}) laid out like the product, in which violations are planted.
 */
class ArchitectureRulesDetectViolationsTest {
    private static final String FIXTURE_ROOT = "sh.smarter.prompt.tests.architecture.fixture";
    private static final ModuleBoundaries FIXTURE = new ModuleBoundaries(FIXTURE_ROOT);
    private static final JavaClasses FIXTURE_CLASSES = new ClassFileImporter().importPackages(FIXTURE_ROOT);

    @Test
    void the_core_rule_reports_a_core_class_that_uses_a_library_outside_the_jdk() {
        List<String> violations = violationsOf(FIXTURE.coreDependsOnNothingButTheJdk());

        assertThat(violations).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains(CoreServiceUsingALibrary.class.getName()).contains("org.assertj.core.util.Strings"));
        assertThat(String.join("\n", violations)).doesNotContain(PureCoreService.class.getName() + ".");
    }

    @Test
    void the_adapter_rule_reports_a_persistence_class_that_uses_the_http_adapter() {
        List<String> violations = violationsOf(FIXTURE.forbidDependency(PERSISTENCE, HTTP));

        assertThat(violations).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains(PersistenceStoreCallingTheHttpAdapter.class.getName())
                .contains(HttpEndpoint.class.getName()));
    }

    @Test
    void the_wire_rule_reports_a_shared_class_that_uses_an_adapter_but_allows_the_core_and_jackson() {
        List<String> violations = violationsOf(FIXTURE.wireDependsOnlyOnTheCoreAndJackson());

        assertThat(violations).isNotEmpty().allSatisfy(line -> assertThat(line)
                .contains(WireFormatUsingTheHttpAdapter.class.getName()).contains(HttpEndpoint.class.getName()));
        assertThat(String.join("\n", violations)).doesNotContain(JacksonBridgeToTheCore.class.getName() + ".");
    }

    @Test
    void the_inbound_adapter_rule_reports_an_http_class_that_calls_an_outbound_port_of_the_core() {
        List<String> violations = violationsOf(FIXTURE.inboundAdaptersDoNotCallOutboundPorts());

        assertThat(violations).anySatisfy(line -> assertThat(line)
                .contains(HttpEndpointCallingAnOutboundPort.class.getName()).contains(ChatbotLookup.class.getName()));
        assertThat(String.join("\n", violations)).doesNotContain(HttpEndpoint.class.getName() + ".");
    }

    @Test
    void the_inbound_adapter_rule_reports_an_http_class_that_takes_an_outbound_port_from_the_engine() {
        List<String> violations = violationsOf(FIXTURE.inboundAdaptersDoNotCallOutboundPorts());

        assertThat(violations).anySatisfy(line -> assertThat(line)
                .contains(HttpEndpointHandingAPortToAService.class.getName()).contains("resourceCatalog"));
    }

    @Test
    void adapter_rules_are_directional() {
        assertThat(violationsOf(FIXTURE.forbidDependency(HTTP, PERSISTENCE))).isEmpty();
    }

    @Test
    void rules_about_a_module_without_classes_pass_instead_of_failing_as_empty() {
        // The fixture has no providers or CLI classes, just as a young adapter module may have none yet.
        assertThat(violationsOf(FIXTURE.forbidDependency(PROVIDERS, HTTP))).isEmpty();
        assertThat(violationsOf(FIXTURE.forbidDependency(CORE, CLI))).isEmpty();
    }

    @Test
    void a_class_outside_every_module_package_is_reported() {
        List<String> violations = violationsOf(FIXTURE.everyClassBelongsToAModule());

        assertThat(violations).singleElement().asString().contains(ClassOutsideEveryModule.class.getName());
    }

    /** The lines of the failure report, after checking that the rule failed exactly when it reports something. */
    private static List<String> violationsOf(ArchRule rule) {
        EvaluationResult result = rule.evaluate(FIXTURE_CLASSES);
        List<String> details = result.getFailureReport().getDetails();
        assertThat(result.hasViolation()).as("hasViolation() of %s", details).isEqualTo(!details.isEmpty());
        return details;
    }
}
