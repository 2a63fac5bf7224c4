package sh.smarter.prompt.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;

class ManifestFilesTest {
    @TempDir
    Path directory;

    @Test
    void a_yaml_file_may_hold_several_documents_and_empty_ones_are_skipped() {
        var documents = ManifestFiles.parse("two.yaml", "---\nkind: A\nmetadata: {name: a}\n---\n# only a comment\n"
                + "---\nkind: B\nmetadata: {name: b}\n---\n", false);
        assertThat(documents).extracting(ManifestDocument::name).containsExactly("a", "b");
        assertThat(documents.get(1).source()).isEqualTo("two.yaml (document 2)");
    }

    @Test
    void a_json_file_holds_one_manifest_or_an_array_of_them() {
        assertThat(ManifestFiles.parse("one.json", "{\"metadata\": {\"name\": \"a\"}}", true)).hasSize(1);
        assertThat(ManifestFiles.parse("many.json", "[{\"metadata\": {\"name\": \"a\"}}, {}]", true)).hasSize(2);
    }

    @Test
    void syntax_errors_name_the_file_line_and_column() {
        assertThatThrownBy(() -> ManifestFiles.parse("bad.yaml", "kind: Chatbot\nmetadata: {name: [x\n", false))
                .isInstanceOf(CliFailure.class)
                .hasMessageStartingWith("bad.yaml: not valid YAML at line")
                .satisfies(e -> assertThat(((CliFailure) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> ManifestFiles.parse("dup.yaml", "kind: A\nkind: B\n", false))
                .hasMessageContaining("dup.yaml").hasMessageContaining("Duplicate field 'kind'");
        assertThatThrownBy(() -> ManifestFiles.parse("text.yaml", "just some text\n", false))
                .hasMessage("text.yaml: a manifest is a mapping with apiVersion, kind, metadata and spec");
    }

    @Test
    void a_directory_contributes_its_manifest_files_in_name_order_and_subdirectories_only_when_recursive()
            throws IOException {
        Files.writeString(directory.resolve("b.yaml"), "metadata: {name: b}\n");
        Files.writeString(directory.resolve("a.json"), "{\"metadata\": {\"name\": \"a\"}}");
        Files.writeString(directory.resolve("notes.txt"), "not a manifest");
        Files.createDirectories(directory.resolve("more"));
        Files.writeString(directory.resolve("more/c.yml"), "metadata: {name: c}\n");
        assertThat(ManifestFiles.read(directory, false)).extracting(ManifestDocument::name).containsExactly("a", "b");
        assertThat(ManifestFiles.read(directory, true)).extracting(ManifestDocument::name)
                .containsExactly("a", "b", "c");
    }

    @Test
    void an_empty_directory_or_a_missing_path_is_a_usage_error() {
        assertThatThrownBy(() -> ManifestFiles.read(directory, false)).hasMessageContaining("holds no *.yaml");
        assertThatThrownBy(() -> ManifestFiles.read(directory.resolve("nope.yaml"), false))
                .hasMessageContaining("no such file or directory");
    }
}
