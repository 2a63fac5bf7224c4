package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * The README's "embedding the library" sample compiles and runs: the test takes the ```java block between the
 * README's embedding-sample markers, compiles it against the test class path and runs it, so the README and
 * this test cannot drift apart.
 */
class ReadmeEmbeddingSampleTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "<!-- embedding-sample:start -->\\s*```java\\R(.*?)```\\s*<!-- embedding-sample:end -->", Pattern.DOTALL);

    @TempDir
    Path directory;

    @Test
    void the_readme_sample_compiles_and_continues_a_session() throws Exception {
        Class<?> sample = compile(sampleSource());
        Method run = sample.getMethod("run", Path.class, ChatCompletionProvider.class);
        try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
            fake.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\": \"6 * 7\"}"))
                    .respond(request -> Reply.text("6 * 7 is " + request.lastToolResult().orElse("?") + "."))
                    .answer("Twice that is 84.");

            String printed = printedBy(() -> run.invoke(null, directory.resolve("data"), redirectedTo(fake)));

            assertThat(printed).startsWith("6 * 7 is {\"result\":42}.\nTwice that is 84. [session ");
            assertThat(CliHarness.contents(fake.requests().get(2)))
                    .containsSubsequence("What is 6 * 7?", "6 * 7 is {\"result\":42}.", "And twice that?");
        }
    }

    /** The README's sample; the test fails with what to do when the README lacks it. */
    private static String sampleSource() throws IOException {
        Path readme = RepositoryFiles.root().resolve("README.md");
        String text = Files.exists(readme) ? Files.readString(readme) : "";
        Matcher matcher = SAMPLE.matcher(text);
        assertThat(matcher.find()).withFailMessage("%s has no ```java block between <!-- embedding-sample:start --> "
                + "and <!-- embedding-sample:end -->: the README's embedding sample belongs there", readme).isTrue();
        return matcher.group(1);
    }

    private Class<?> compile(String source) throws Exception {
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(name.find()).as("the sample declares a public class").isTrue();
        Path sources = Files.createDirectories(directory.resolve("src"));
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Path file = sources.resolve(name.group(1) + ".java");
        Files.writeString(file, source);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        // Surefire hands the test class path over in this property (java.class.path may be a manifest-only jar).
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean compiled = compiler.getTask(diagnostics, null, null, List.of("--release", "17", "-classpath",
                classPath, "-d", classes.toString()), null,
                compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile()))
                .call();
        assertThat(compiled).withFailMessage("the README sample does not compile:%n%s", diagnostics).isTrue();
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass(name.group(1));
    }

    /** The real OpenAI-compatible adapter, sent to the fake instead of api.openai.com. */
    private static ChatCompletionProvider redirectedTo(FakeOpenAiServer fake) {
        OpenAiCompatibleProvider adapter = new OpenAiCompatibleProvider();
        return new ChatCompletionProvider() {
            @Override
            public ChatCompletion complete(ProviderSettings provider, ChatRequest request) {
                return adapter.complete(fake.providerSettings(provider.name()), request);
            }

            @Override
            public ChatCompletion stream(ProviderSettings provider, ChatRequest request,
                                         CompletionStreamListener listener) {
                return adapter.stream(fake.providerSettings(provider.name()), request, listener);
            }
        };
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private static String printedBy(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
