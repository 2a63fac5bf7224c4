package sh.smarter.prompt.tests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.core.tool.PluginToolName;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;
import sh.smarter.prompt.tests.server.PromptClient;

/**
 * Bad input gets a clear 4xx and changes nothing (SPEC 5.1, 9): a corpus of malformed requests
 * ({@link BadInputCorpus}) against every endpoint, each answered with its 4xx and the error envelope, never a 5xx
 * or a stack trace, and the database dumped before and after is the same. Inputs that are odd but valid (Unicode in
 * a prompt) are stored or refused, never a 5xx; SQL and JSON injected through a SQL plugin's arguments finds no
 * extra rows and leaves the plugin's table as it was. Run on each store: {@link BadInputCorpusTest} (H2) and
 * {@link BadInputCorpusMariaDbTest}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputCorpusScenarios {
    private static final String COURSES = "CREATE TABLE courses (code VARCHAR(10) PRIMARY KEY, title VARCHAR(100),"
            + " topic VARCHAR(20), cost DECIMAL(8,2))";
    private static final String COURSE_ROWS = "INSERT INTO courses VALUES ('AI101', 'Intro to AI', 'AI', 0),"
            + " ('AI201', 'Neural Networks', 'AI', 350.50), ('DB101', 'SQL Basics', 'database', 120),"
            + " ('WEB101', 'Web Development', 'web', 99), ('JAVA201', 'Advanced Java', 'java', 499)";
    private static final String COURSE_QUERY = "SELECT code, title FROM courses WHERE topic = {topic}"
            + " AND cost <= {max_cost} ORDER BY code";

    private JpaPromptServer server;
    private BadInputCorpus.Keys keys;
    private String coursesUrl;
    private Connection coursesAdmin;
    private String courseSearchTool;

    @BeforeAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void start() throws SQLException {
        server = new JpaPromptServer(database(), OpenAiSettings.DEFAULTS.withMaxAttempts(1));
        PromptClient client = server.client;
        String example = client.newSession("example");
        assertThat(client.compatPrompt("example", example, "hello").statusCode()).isEqualTo(200);
        keys = new BadInputCorpus.Keys(example, client.newSession("other"), client.newSession("bravo"),
                server.keyOfA, server.keyOfB);
        createCourseSearch();
    }

    /** The SQL plugin of SPEC 6 on a sample H2 table: {@code course_search(topic, max_cost)}. */
    private void createCourseSearch() throws SQLException {
        coursesUrl = "jdbc:h2:mem:courses_" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        coursesAdmin = DriverManager.getConnection(coursesUrl, "sa", "");
        try (Statement statement = coursesAdmin.createStatement()) {
            statement.execute(COURSES);
            statement.execute(COURSE_ROWS);
        }
        ResourceCatalog catalog = server.persistence.resourceCatalog();
        long account = server.accountA.id();
        Instant now = Instant.now();
        catalog.saveSqlConnection(new SqlConnection(0, account, "courses_db", coursesUrl, "sa", Secret.NONE, 5, now,
                null));
        Plugin plugin = catalog.savePlugin(new Plugin(0, account, "course_search", "Finds courses", "1.0.0",
                PluginSelector.ALWAYS, null, List.of(
                        new PluginParameter("topic", "string", "A topic", true, null, null),
                        new PluginParameter("max_cost", "number", "The highest price", true, null, null)),
                new PluginData.SqlData("courses_db", COURSE_QUERY, 10), now, null));
        catalog.saveChatbot(JpaPromptServer.chatbot("course_advisor", server.accountA)
                .plugins(List.of("course_search")).build());
        courseSearchTool = PluginToolName.of(plugin.id());
    }

    @AfterAll
    void stop() throws SQLException {
        try {
            if (coursesAdmin != null) {
                coursesAdmin.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            dropDatabase();
        }
    }

    @Test
    void the_corpus_holds_over_a_hundred_requests_and_reaches_every_endpoint() {
        List<BadInputCorpus.BadRequest> corpus = BadInputCorpus.requests(keys);

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
        Set<BadInputCorpus.Route> reached = corpus.stream().map(BadInputCorpus.BadRequest::route)
                .collect(Collectors.toSet());
        assertThat(reached).containsAll(EnumSet.allOf(BadInputCorpus.Route.class));
    }

    @Test
    void every_malformed_request_gets_its_4xx_with_the_error_envelope_and_changes_nothing() throws SQLException {
        List<BadInputCorpus.BadRequest> corpus = BadInputCorpus.requests(keys);
        String before = dump(server.persistence.dataSource());

        List<String> failures = new ArrayList<>();
        for (BadInputCorpus.BadRequest request : corpus) {
            RawHttp.Response response = RawHttp.exchange(server.http.port(), request.head(server.http.port()),
                    request.body());
            try {
                assertThat(response.status()).as("status").isEqualTo(request.expectedStatus());
                if (request.route() == BadInputCorpus.Route.CHAT_PAGE) {
                    // A page for people: an HTML "not found" page, not JSON.
                    assertThat(response.header("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                            .startsWith("text/html"));
                    ErrorAnswers.assertNoStackTrace("page", response.body());
                } else {
                    ErrorAnswers.assertErrorEnvelope("answer", response.status(), response.body());
                }
            } catch (AssertionError e) {
                failures.add(request + " -> " + response.status() + ": " + e.getMessage().replace('\n', ' ')
                        + " | " + ErrorAnswers.clip(response.body()));
            }
        }
        String after = dump(server.persistence.dataSource());

        assertThat(failures).as("%d of %d malformed requests were not refused as they should be",
                failures.size(), corpus.size()).isEmpty();
        assertThat(after.lines()).as("the database after the corpus")
                .containsExactlyElementsOf(before.lines().toList());
    }

    @Test
    void odd_but_valid_unicode_in_a_prompt_is_stored_as_sent_or_refused_never_a_5xx() {
        List<String> inputs = List.of("emoji \\ud83e\\udd16 and a 4-byte \\ud834\\udd1e", "RTL \\u202eoverride",
                "NUL \\u0000 in the middle", "a lone surrogate \\ud800 here", "BOM \\ufeff inside",
                "zero\\u200bwidth and e\\u0301 combining", "ctrl \\u0007\\u001b[31m escape");
        String session = server.client.newSession("example");
        for (String escaped : inputs) {
            HttpResponse<String> response = server.client.postJson("api/v2/chatbots/example/sessions/" + session
                    + "/prompt", "{\"input\": \"" + escaped + "\"}");
            String input = PromptClient.json("\"" + escaped + "\"").asText();
            // What survives UTF-8 on the way to the provider: an unpaired surrogate has no encoding and becomes '?'.
            String encodable = new String(input.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

            assertThat(response.statusCode()).as("%s: %s", escaped, response.body()).isIn(200, 400);
            if (response.statusCode() == 200) {
                assertThat(PromptClient.json(response.body()).path("answer").asText())
                        .isEqualTo("Echo: " + encodable);
                StoredTurns stored = server.storedTurns();
                assertThat(stored.turnOfInput(input).or(() -> stored.turnOfInput(encodable)))
                        .as("the user's message is stored as sent: %s", escaped).isPresent();
            } else {
                ErrorAnswers.assertErrorEnvelope(escaped, 400, response.body());
            }
        }
        assertThat(server.storedTurns().problems()).isEmpty();
    }

    @Test
    void sql_and_json_injected_through_plugin_arguments_find_no_extra_rows_and_change_no_table() throws SQLException {
        String tableBefore = dump(coursesAdmin);
        assertThat(pluginResult("{\"topic\": \"AI\", \"max_cost\": 100}"))
                .as("the plugin works: one AI course costs at most 100").isEqualTo("[{\"code\":\"AI101\","
                        + "\"title\":\"Intro to AI\"}]");

        List<String> hostileArguments = List.of("{\"topic\": \"x' OR '1'='1\", \"max_cost\": 1000}",
                "{\"topic\": \"AI\", \"max_cost\": \"1; DROP TABLE courses\"}",
                "{\"topic\": \"'; DELETE FROM courses; --\", \"max_cost\": 1000}",
                "{\"topic\": \"AI' UNION SELECT code, title FROM courses --\", \"max_cost\": 1000}",
                "{\"topic\": {\"$ne\": null}, \"max_cost\": 1000}",
                "{\"topic\": [\"AI\", \"web\"], \"max_cost\": 1000}",
                "{\"topic\": \"AI\"",
                "{\"topic\": \"AI\", \"max_cost\": 1000}{\"topic\": \"web\"}");
        for (String arguments : hostileArguments) {
            String result = pluginResult(arguments);
            assertThat(result).as("the tool result for %s", arguments)
                    .satisfiesAnyOf(r -> assertThat(r).isEqualTo("[]"), r -> assertThat(r).startsWith("{\"error\""));
        }

        assertThat(dump(coursesAdmin).lines()).as("the courses table after the injections (H2 SCRIPT lines)")
                .containsExactlyElementsOf(tableBefore.lines().toList());
        assertThat(server.storedTurns().problems()).isEmpty();
    }

    /** One turn in which the model calls course_search with these arguments; returns what the tool answered. */
    private String pluginResult(String arguments) {
        FakeOpenAiServer provider = server.provider;
        provider.reset();
        provider.callTools(FakeOpenAiServer.toolCall(courseSearchTool, arguments))
                .respond(request -> Reply.text(request.lastToolResult().orElse("no tool result")));
        String session = server.client.newSession("course_advisor");

        HttpResponse<String> response = server.client.nativePrompt("course_advisor", session, "find me a course");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PromptClient.json(response.body()).path("answer").asText();
    }

    /** The store the server runs on: a new, empty database. */
    abstract DatabaseSettings database();

    /** Drops what {@link #database()} created, if anything. */
    abstract void dropDatabase();

    /** Every table's rows (and definition, where the database writes one), one line each, in a stable order. */
    abstract String dump(DataSource dataSource) throws SQLException;

    /** Every table's definition and rows, as H2's SCRIPT writes them. */
    static String h2Script(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return dump(connection);
        }
    }

    private static String dump(Connection connection) throws SQLException {
        StringBuilder script = new StringBuilder();
        try (Statement statement = connection.createStatement(); ResultSet lines = statement.executeQuery("SCRIPT")) {
            while (lines.next()) {
                script.append(lines.getString(1)).append('\n');
            }
        }
        return script.toString();
    }
}
