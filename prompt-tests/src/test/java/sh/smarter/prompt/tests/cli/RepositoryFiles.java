package sh.smarter.prompt.tests.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository that the CLI tests use: the examples, the built jar, the README. */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** The repository root: the first directory upwards from the working directory that has examples/. */
    static Path root() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isDirectory(directory.resolve("examples")) && Files.exists(directory.resolve("pom.xml"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }

    static Path examples(String relative) {
        return root().resolve("examples").resolve(relative);
    }

    static Path shadedJar() {
        return root().resolve("prompt-cli/target/prompt.jar");
    }
}
