package sh.smarter.prompt.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resourceadmin.ResourceService;

class ManifestApplierTest {
    private static final String PLUGIN = """
            apiVersion: smarter.sh/v1
            kind: Plugin
            metadata: {name: facts, pluginClass: static, description: Facts, version: 1.0.0}
            spec:
              selector: {directive: always}
              data: {staticData: {hours: 9 to 5}}
            """;
    private static final String CHATBOT = """
            apiVersion: smarter.sh/v1
            kind: Chatbot
            metadata: {name: helper, description: Helps, version: 1.0.0}
            spec:
              config: {provider: openai, defaultTemperature: 0.0, deployed: true}
              plugins: [facts]
            """;

    private final ManifestApplier applier = new ManifestApplier(
            new ResourceService(new InMemoryResourceCatalog(), Clock.systemUTC()), Principal.OPERATOR);

    @Test
    void a_chatbot_listed_before_its_plugin_is_applied_after_it_and_applying_again_changes_nothing() {
        List<ManifestDocument> documents = ManifestFiles.parse("all.yaml", CHATBOT + "---\n" + PLUGIN, false);
        List<String> lines = new ArrayList<>();
        applier.apply(documents, applied -> lines.add(applied.line()));
        applier.apply(documents, applied -> lines.add(applied.line()));
        assertThat(lines).containsExactly("Plugin facts created", "Chatbot helper created", "Plugin facts unchanged",
                "Chatbot helper unchanged");
    }

    @Test
    void a_rejected_manifest_names_its_file_document_and_field() {
        List<ManifestDocument> documents = ManifestFiles.parse("bots.yaml",
                PLUGIN + "---\n" + CHATBOT.replace("defaultTemperature: 0.0", "defaultTemperature: 3"), false);
        assertThatThrownBy(() -> applier.apply(documents, applied -> { }))
                .isInstanceOf(CliFailure.class)
                .hasMessage("bots.yaml (document 2): spec.config.defaultTemperature must be a number between 0.0 and "
                        + "2.0")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void an_unknown_kind_is_reported_before_anything_is_applied() {
        List<ManifestDocument> documents = ManifestFiles.parse("x.yaml",
                PLUGIN + "---\napiVersion: smarter.sh/v1\nkind: Robot\nmetadata: {name: r}\nspec: {}\n", false);
        List<String> applied = new ArrayList<>();
        assertThatThrownBy(() -> applier.apply(documents, result -> applied.add(result.line())))
                .hasMessageStartingWith("x.yaml (document 2): kind must be one of");
        assertThat(applied).isEmpty();
    }
}
