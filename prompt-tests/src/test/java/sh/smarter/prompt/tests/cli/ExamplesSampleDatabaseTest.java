package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/** examples sample-db, and the SQL plugin example answering from it. */
class ExamplesSampleDatabaseTest {
    @TempDir
    Path home;

    @Test
    void the_sample_database_lives_where_the_example_connection_points_and_the_sql_plugin_reads_it(
            @TempDir Path manifests) throws IOException {
        CliHarness cli = new CliHarness(home);
        CliHarness.Result created = cli.run("examples", "sample-db");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Path database = home.resolve(".local/share/smarter-prompt/examples/courses");
        assertThat(created.out())
                .isEqualTo("jdbc:h2:file:" + database + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE\n");
        assertThat(Files.exists(Path.of(database + ".mv.db"))).isTrue();
        assertThat(cli.run("examples", "sample-db").exitCode()).as("recreating it is fine").isZero();

        // The example's URL says ~, which H2 reads as the JVM's home; this test's home is a temporary one.
        String connection = Files.readString(RepositoryFiles.examples("sql-plugin/sql-connection.yaml"));
        assertThat(connection).contains("url: jdbc:h2:~/.local/share/smarter-prompt/examples/courses;");
        Files.writeString(manifests.resolve("sql-connection.yaml"), connection.replace("~", home.toString()));
        for (String file : new String[] {"sql-plugin.yaml", "chatbot.yaml"}) {
            Files.copy(RepositoryFiles.examples("sql-plugin/" + file), manifests.resolve(file));
        }
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            cli.env("OPENAI_BASE_URL", provider.url()).env("OPENAI_API_KEY", "sk-test-key-0003")
                    .env("SMARTER_PROMPT_ALLOW_SQL_DRIVERS", "h2"); // as examples/sql-plugin says

            assertThat(cli.run("apply", "-f", manifests.toString()).exitCode()).isZero();
            provider.respond(request -> Reply.toolCalls(FakeOpenAiServer.toolCall(pluginTool(request.body()),
                            "{\"topic\": \"AI\", \"max_cost\": 500}")))
                    .respond(request -> Reply.text(request.lastToolResult().orElse("no result")));

            CliHarness.Result answer = cli.run("chat", "course_advisor", "-m", "Which AI courses cost under 500?");

            assertThat(answer.exitCode()).as(answer.toString()).isZero();
            assertThat(answer.out()).contains("\"code\":\"PY101\"", "\"code\":\"ML301\"").doesNotContain("NN401");
        }
    }

    /** The name of the plugin tool the chatbot offered: smarter_plugin_ and the plugin's id. */
    private static String pluginTool(JsonObject body) {
        JsonArray tools = body.array("tools").orElseThrow();
        return tools.stream().map(tool -> ((JsonObject) tool).object("function").orElseThrow().string("name")
                .orElseThrow()).filter(name -> name.startsWith("smarter_plugin_")).findFirst().orElseThrow();
    }
}
