package sh.smarter.prompt.tests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One test naming style in every module: a test method is a snake_case sentence saying what a user would check.
 * Read from the sources, because the other modules' test classes are not on this module's class path.
 */
class TestNamingTest {
    private static final Pattern TEST_METHOD = Pattern.compile(
            "@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\\b[^;{]*?\\b(?:void|[A-Z][\\w<>, ?]*)\\s+(\\w+)\\s*\\(",
            Pattern.DOTALL);
    private static final Pattern SENTENCE = Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*");

    @Test
    void every_test_method_of_every_module_is_a_snake_case_sentence() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> testTrees;
        try (Stream<Path> modules = Files.list(root)) {
            testTrees = modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory).toList();
        }
        assertThat(testTrees).as("test source trees under " + root).hasSizeGreaterThanOrEqualTo(5);

        List<String> misnamed = new ArrayList<>();
        int seen = 0;
        for (Path tree : testTrees) {
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    Matcher method = TEST_METHOD.matcher(read(file));
                    while (method.find()) {
                        seen++;
                        if (!SENTENCE.matcher(method.group(1)).matches()) {
                            misnamed.add(root.relativize(file) + ": " + method.group(1));
                        }
                    }
                }
            }
        }
        assertThat(seen).as("test methods found").isGreaterThan(500);
        assertThat(misnamed).as("test methods that are not snake_case sentences").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
