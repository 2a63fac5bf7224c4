package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * A chatbot name two accounts hold, on the local database: {@code chat}, {@code config}, {@code sessions},
 * {@code describe} and {@code get} pick either holder with {@code --account NUMBER}; without it a name means the
 * chatbot that has held it longest (as the bare URLs do), and every message about the name names CLI options,
 * never URLs. An unknown account is "not found" and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedChatbotNameCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIRST = "1111-1111-1111";
    private static final String SECOND = "2222-2222-2222";
    private static final String BOTH = "chatbot 'example' is held by accounts " + FIRST + " and " + SECOND;

    private FakeOpenAiServer provider;
    private CliHarness cli;

    @BeforeAll
    void two_accounts_hold_example(@TempDir Path home, @TempDir Path manifests) throws IOException {
        provider = FakeOpenAiServer.start();
        // The fake answers with the system role it was sent, so an answer shows whose chatbot ran.
        provider.otherwise(request -> Reply.text(request.lastMessageContent("system").orElse("")
                .lines().filter(line -> line.contains("tenant")).findFirst().orElse("?")));
        cli = new CliHarness(home).env("OPENAI_BASE_URL", provider.url()).env("OPENAI_API_KEY", "sk-test-key-0012");
        for (String number : List.of(FIRST, SECOND)) {
            Path file = manifests.resolve(number + ".yaml");
            Files.writeString(file, """
                    apiVersion: smarter.sh/v1
                    kind: Account
                    metadata: {name: Tenant %1$s}
                    spec: {accountNumber: "%1$s"}
                    ---
                    apiVersion: smarter.sh/v1
                    kind: Chatbot
                    metadata: {name: example, accountNumber: "%1$s"}
                    spec:
                      config: {provider: openai, defaultModel: gpt-4o-mini, deployed: true,
                               defaultSystemRole: "You are the chatbot of tenant %1$s."}
                    """.formatted(number));
            CliHarness.Result applied = cli.run("apply", "-f", file.toString());
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
        }
    }

    @AfterAll
    void stop() {
        provider.close();
    }

    @Test
    void chat_talks_to_the_account_given_and_otherwise_to_the_first_holder_saying_how_to_pick_the_other() {
        CliHarness.Result second = cli.run("chat", "example", "--account", SECOND, "--new", "-m", "hi");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo("You are the chatbot of tenant " + SECOND + ".\n");
        assertThat(second.err()).doesNotContain("is held by");

        CliHarness.Result bare = cli.run("chat", "example", "--new", "-m", "hi");
        assertThat(bare.exitCode()).as(bare.toString()).isZero();
        assertThat(bare.out()).isEqualTo("You are the chatbot of tenant " + FIRST + ".\n");
        assertThat(bare.err()).contains(BOTH + "; this is account " + FIRST + "'s, which has held it longest; add "
                + "--account " + SECOND + " for the other").doesNotContain("/api/");

        // Each account's conversation is remembered apart: continuing the second one stays with the second.
        CliHarness.Result again = cli.run("chat", "example", "--account", SECOND, "-m", "and again");
        assertThat(again.out()).isEqualTo("You are the chatbot of tenant " + SECOND + ".\n");
        assertThat(CliHarness.contents(provider.requests().get(provider.requests().size() - 1)))
                .containsSubsequence("hi", "You are the chatbot of tenant " + SECOND + ".", "and again");
    }

    @Test
    void an_unknown_or_malformed_account_is_refused_before_anything_runs_and_changes_nothing() throws IOException {
        int sessionsBefore = sessions("get", "sessions", "-o", "json").size();
        long requestsBefore = provider.requestCount();

        for (String command : List.of("chat", "config", "sessions list", "describe chatbot", "get sessions")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            if (!command.equals("get sessions")) {
                args.add("example");
            }
            args.addAll(List.of("--account", "9999-9999-9999"));
            if (command.equals("chat")) {
                args.addAll(List.of("-m", "hello"));
            }
            CliHarness.Result unknown = cli.run(args.toArray(String[]::new));
            assertThat(unknown.exitCode()).as(command + ": " + unknown).isEqualTo(ExitCode.NOT_FOUND);
            assertThat(unknown.err()).as(command).contains("account 9999-9999-9999 not found; prompt get accounts "
                    + "lists the accounts").doesNotContain("/api/");
            assertThat(unknown.out()).as(command).isEmpty();
        }
        CliHarness.Result malformed = cli.run("chat", "example", "--account", "12", "-m", "hello");
        assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(malformed.err()).contains("--account 12: account number must look like 1234-5678-9012");

        assertThat(sessions("get", "sessions", "-o", "json")).hasSize(sessionsBefore);
        assertThat(provider.requestCount()).as("provider calls").isEqualTo(requestsBefore);
    }

    @Test
    void an_account_that_holds_no_such_chatbot_is_refused_naming_the_accounts_that_do(@TempDir Path manifests)
            throws IOException {
        Path third = manifests.resolve("third.yaml");
        Files.writeString(third, """
                apiVersion: smarter.sh/v1
                kind: Account
                metadata: {name: Tenant without chatbots}
                spec: {accountNumber: "3333-3333-3333"}
                """);
        assertThat(cli.run("apply", "-f", third.toString()).exitCode()).isZero();
        int sessionsBefore = sessions("get", "sessions", "-o", "json").size();
        long requestsBefore = provider.requestCount();

        CliHarness.Result refused = cli.run("chat", "example", "--account", "3333-3333-3333", "-m", "hello");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(refused.err()).contains("chatbot 'example' not found in account 3333-3333-3333; it is held by "
                + "accounts " + FIRST + " and " + SECOND + ": add --account " + FIRST + " or --account " + SECOND);
        assertThat(refused.out()).isEmpty();
        assertThat(sessions("get", "sessions", "-o", "json")).hasSize(sessionsBefore);
        assertThat(provider.requestCount()).as("provider calls").isEqualTo(requestsBefore);
    }

    @Test
    void describe_needs_the_account_for_a_shared_name_and_says_which_option_to_add() {
        CliHarness.Result ambiguous = cli.run("describe", "chatbot", "example");
        assertThat(ambiguous.exitCode()).as(ambiguous.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(ambiguous.err()).contains(BOTH + "; add --account " + FIRST + " or --account " + SECOND)
                .doesNotContain("/api/").doesNotContain("API key");

        CliHarness.Result second = cli.run("describe", "chatbot", "example", "--account", SECOND);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("tenant " + SECOND).contains("accountNumber").contains(SECOND)
                .doesNotContain("tenant " + FIRST);

        CliHarness.Result elsewhere = cli.run("describe", "provider", "openai", "--account", SECOND);
        assertThat(elsewhere.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(elsewhere.err()).contains("provider 'openai' not found in account " + SECOND);
    }

    @Test
    void config_gives_the_account_qualified_prompt_url_for_the_account_given() throws IOException {
        CliHarness.Result second = cli.run("config", "example", "--account", SECOND);
        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode chatbot = JSON.readTree(second.out()).path("data").path("chatbot");
        assertThat(chatbot.path("url_chatbot").asText()).endsWith("/api/v1/accounts/" + SECOND
                + "/chatbots/example/prompt/");
        assertThat(chatbot.path("account").path("account_number").asText()).isEqualTo(SECOND);

        CliHarness.Result bare = cli.run("config", "example");
        JsonNode first = JSON.readTree(bare.out()).path("data").path("chatbot");
        assertThat(first.path("url_chatbot").asText()).endsWith("/api/v1/chatbots/example/prompt/");
        assertThat(first.path("account").path("account_number").asText()).isEqualTo(FIRST);
        assertThat(bare.err()).contains(BOTH);
    }

    @Test
    void sessions_and_get_keep_the_holders_apart_and_a_session_of_the_other_holder_names_the_option()
            throws IOException {
        CliHarness.Result started = cli.run("chat", "example", "--account", SECOND, "--new", "-m", "mine");
        assertThat(started.exitCode()).as(started.toString()).isZero();
        List<String> secondSessions = sessions("sessions", "list", "example", "--account", SECOND, "-o", "json");
        List<String> firstSessions = sessions("sessions", "list", "example", "--account", FIRST, "-o", "json");
        assertThat(secondSessions).isNotEmpty().doesNotContainAnyElementsOf(firstSessions);
        assertThat(sessions("get", "sessions", "--chatbot", "example", "--limit", "500", "-o", "json"))
                .containsAll(secondSessions).containsAll(firstSessions);
        assertThat(sessions("get", "sessions", "--chatbot", "example", "--account", SECOND, "--limit", "500",
                "-o", "json")).containsExactlyInAnyOrderElementsOf(secondSessions);

        CliHarness.Result remembered = cli.run("sessions", "show", "example", "--account", SECOND);
        assertThat(remembered.exitCode()).as(remembered.toString()).isZero();
        assertThat(remembered.out()).contains("mine").contains("tenant " + SECOND);

        String theirs = secondSessions.get(0);
        CliHarness.Result bare = cli.run("sessions", "show", "example", theirs);
        assertThat(bare.exitCode()).as(bare.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(bare.err()).contains(BOTH + " and this was account " + FIRST + "'s: add --account " + SECOND)
                .doesNotContain("/api/");
        CliHarness.Result notDeleted = cli.run("sessions", "delete", "example", theirs);
        assertThat(notDeleted.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(notDeleted.err()).contains("add --account " + SECOND);
        assertThat(sessions("sessions", "list", "example", "--account", SECOND, "-o", "json")).contains(theirs);

        CliHarness.Result deleted = cli.run("sessions", "delete", "example", theirs, "--account", SECOND);
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(sessions("sessions", "list", "example", "--account", SECOND, "-o", "json"))
                .doesNotContain(theirs);
        assertThat(sessions("sessions", "list", "example", "--account", FIRST, "-o", "json"))
                .containsExactlyInAnyOrderElementsOf(firstSessions);
    }

    @Test
    void get_lists_one_accounts_resources_with_the_account_option() throws IOException {
        JsonNode all = JSON.readTree(cli.run("get", "chatbots", "-o", "json").out());
        JsonNode second = JSON.readTree(cli.run("get", "chatbots", "--account", SECOND, "-o", "json").out());
        assertThat(all.findValuesAsText("accountNumber")).contains(FIRST, SECOND);
        assertThat(second.findValuesAsText("accountNumber")).containsOnly(SECOND);
    }

    private List<String> sessions(String... args) throws IOException {
        CliHarness.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return JSON.readTree(result.out()).findValuesAsText("session_key");
    }
}
