package sh.smarter.prompt.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.cli.manifest.ManifestDocument;
import sh.smarter.prompt.core.manifest.ManifestReader;
import sh.smarter.prompt.core.manifest.ResourceKind;

class BundledExampleTest {
    @Test
    void the_bundled_files_are_exactly_those_of_examples_getting_started() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../examples/getting-started"))) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".yaml")))
                    .containsExactlyInAnyOrderElementsOf(BundledExample.FILES);
        }
    }

    @Test
    void the_jar_carries_the_example_chatbot_and_its_plugin() {
        assertThat(BundledExample.documents()).extracting(ManifestDocument::name)
                .containsExactly("about_smarter_prompt", "example");
        assertThat(BundledExample.documents()).extracting(document -> ManifestReader.kind(document.manifest()))
                .containsExactly(ResourceKind.PLUGIN, ResourceKind.CHATBOT);
    }
}
