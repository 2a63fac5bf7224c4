package sh.smarter.prompt.tests.lean;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.chatconfig.ChatConfig;
import sh.smarter.prompt.core.chatconfig.ChatConfigQuery;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.PromptStreamListener;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * Provider requests are stored as references to the session's messages and tool sets; what reads them back (the
 * prompt result, the stored exchanges, the configuration object's request history) must be exactly what the model
 * received, as the scripted fake recorded it: the same JSON text, member order included. Also checks that the
 * stored form really names messages instead of copying them.
 */
class ExchangeReconstructionTest {
    private static final Instant CREATED = Instant.parse("2026-11-26T07:00:00Z");

    private final FakeOpenAiServer model = FakeOpenAiServer.start();
    private final JpaPersistence persistence = JpaPersistence.open(
            DatabaseSettings.inMemoryH2("exchanges-" + java.util.UUID.randomUUID()));
    private final PromptEngine engine;

    ExchangeReconstructionTest() {
        ResourceCatalog catalog = persistence.resourceCatalog();
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "A", CREATED));
        catalog.saveProvider(new ProviderSettings(0, account.id(), "fake", model.url(), Secret.NONE, "fake-model",
                false, CREATED, null));
        catalog.savePlugin(new Plugin(0, account.id(), "opening_hours", "When we are open", "0.2.0",
                PluginSelector.searchTerms(List.of("hours")),
                new PromptOverrides("Answer from the opening hours only.", "special-model", 0.25, 321), null,
                new PluginData.StaticData((JsonObject) Json.parse("{\"weekdays\": \"9-17\"}")), CREATED, null));
        catalog.saveChatbot(Chatbot.builder("bot").accountId(account.id()).provider("fake").defaultModel("fake-model")
                .functions(List.of("calculator")).plugins(List.of("opening_hours")).createdAt(CREATED).build());
        engine = PromptEngine.builder()
                .sessionStore(persistence.sessionStore())
                .resourceCatalog(catalog)
                .chatCompletionProvider(new OpenAiCompatibleProvider(OpenAiSettings.DEFAULTS, variable -> null))
                .build();
    }

    @AfterEach
    void stop() {
        persistence.close();
        model.close();
    }

    @Test
    void plain_turns_tool_rounds_several_rounds_a_plugin_and_a_streamed_turn_read_back_as_sent() throws Exception {
        model.answer("Hello!");
        PromptResult first = prompt(SessionChoice.NEW, "Hi there", false);
        Session session = first.session();
        SessionChoice same = SessionChoice.existing(session.key());
        model.answer("Fine.");
        prompt(same, "How are you?", false);
        model.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\":\"6*7\"}")).answer("42");
        prompt(same, "What is 6*7?", false);
        model.callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\":\"2+2\"}"))
                .callTools(FakeOpenAiServer.toolCall("calculator", "{\"expression\":\"4*4\"}")).answer("16");
        prompt(same, "Square two plus two", false);
        model.answer("We open at nine.");
        prompt(same, "What are your opening hours?", false);
        model.answerStreamed("Streamed answer.", java.time.Duration.ZERO);
        prompt(same, "Stream this, please", true);

        List<RecordedRequest> received = model.requests();
        assertThat(received).hasSize(9);
        assertThat(received.get(7).body().string("model")).contains("special-model");
        assertThat(received.get(7).messages().get(0).toJson()).contains("Answer from the opening hours only.");
        List<String> sent = received.stream().map(ExchangeReconstructionTest::sentRequest).toList();

        List<ProviderExchange> stored = oldestFirst(persistence.sessionStore()
                .recentProviderExchanges(session.id(), 100));
        assertThat(stored).extracting(e -> e.request().toJson()).containsExactlyElementsOf(sent);
        assertThat(stored).allSatisfy(e -> assertThat(e.response()).isNotNull());

        ChatConfig config = engine.chatConfigs().chatConfig(new ChatConfigQuery(ChatbotRef.named("bot"),
                session.key(), ClientInfo.UNKNOWN, Principal.ANONYMOUS));
        assertThat(oldestFirst(config.exchanges())).extracting(e -> e.request().toJson())
                .containsExactlyElementsOf(sent.subList(sent.size() - config.exchanges().size(), sent.size()));
        assertThat(config.exchanges()).isNotEmpty();

        // The stored form names messages and tool sets: a question repeated in seven later requests is not
        // copied into any of them, the tool schema is stored once, and the whole is well under what was sent.
        String column = storedExchanges(session.id());
        assertThat(column).doesNotContain("How are you?").doesNotContain("\"parameters\"");
        long storedChars = column.length() + toolSetChars();
        long sentChars = sent.stream().mapToLong(String::length).sum();
        assertThat(storedChars).as("stored %d chars for %d sent", storedChars, sentChars).isLessThan(sentChars * 2 / 3);
    }

    @Test
    void a_turn_whose_provider_fails_keeps_the_request_it_sent() {
        model.fail(400, "the model refuses");
        PromptResult result = prompt(SessionChoice.NEW, "Hi there", false);

        assertThat(result.failed()).isTrue();
        List<RecordedRequest> received = model.requests();
        assertThat(received).hasSize(1);
        List<ProviderExchange> stored = persistence.sessionStore().recentProviderExchanges(result.session().id(), 10);
        assertThat(stored).singleElement().satisfies(exchange -> {
            assertThat(exchange.request().toJson()).isEqualTo(received.get(0).bodyText());
            assertThat(exchange.error()).contains("the model refuses");
            assertThat(exchange.response()).isNull();
            assertThat(exchange.requestText()).as("the text is the turn's, not stored").isNull();
        });
        assertThat(result.exchanges()).extracting(e -> e.request().toJson())
                .containsExactly(received.get(0).bodyText());
    }

    private PromptResult prompt(SessionChoice session, String text, boolean streamed) {
        PromptCommand command = new PromptCommand(ChatbotRef.named("bot"), session,
                List.of(new IncomingMessage("user", text)), null, ClientInfo.UNKNOWN, Principal.ANONYMOUS);
        int before = model.requests().size();
        PromptResult result = streamed
                ? engine.prompts().handle(command, new PromptStreamListener() { })
                : engine.prompts().handle(command);
        // The prompt result carries exactly what was sent in this turn, too.
        List<String> sentNow = model.requests().subList(before, model.requests().size()).stream()
                .map(ExchangeReconstructionTest::sentRequest).toList();
        assertThat(result.exchanges()).extracting(e -> e.request().toJson()).containsExactlyElementsOf(sentNow);
        // A body sent as it is comes with its very text, which the prompt response copies; a streamed one has none.
        List<String> textsNow = model.requests().subList(before, model.requests().size()).stream()
                .map(request -> request.isStreaming() ? null : request.bodyText()).toList();
        assertThat(result.exchanges()).extracting(e -> e.requestText() == null ? null : e.requestText().toString())
                .containsExactlyElementsOf(textsNow);
        return result;
    }

    /** The request as the adapter built it; a streamed call adds only its two stream members. */
    private static String sentRequest(RecordedRequest request) {
        return request.isStreaming() ? request.body().without("stream", "stream_options").toJson()
                : request.bodyText();
    }

    private static List<ProviderExchange> oldestFirst(List<ProviderExchange> newestFirst) {
        List<ProviderExchange> list = new ArrayList<>(newestFirst);
        Collections.reverse(list);
        return list;
    }

    private String storedExchanges(long sessionId) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection connection = persistence.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT exchanges FROM turns WHERE session_id = " + sessionId
                     + " AND exchanges IS NOT NULL ORDER BY first_seq")) {
            while (rows.next()) {
                all.append(rows.getString(1));
            }
        }
        return all.toString();
    }

    private long toolSetChars() throws Exception {
        try (Connection connection = persistence.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(SUM(LENGTH(tools)), 0) FROM tool_sets")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
