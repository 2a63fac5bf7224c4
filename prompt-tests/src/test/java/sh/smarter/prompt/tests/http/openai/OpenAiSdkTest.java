package sh.smarter.prompt.tests.http.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.input;
import static sh.smarter.prompt.tests.http.nativeapi.PromptApiServer.json;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.KeyScope;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.SessionQuery;
import sh.smarter.prompt.core.session.TokenUsage;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;
import sh.smarter.prompt.tests.fake.Reply;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/**
 * The OpenAI-compatible endpoint through the official OpenAI Java SDK, a real client, against the whole HTTP API on
 * a random port with the scripted fake provider behind it.
 */
class OpenAiSdkTest {
    private static final String SESSION_HEADER = "X-Smarter-Session-Key";

    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();
    private static final List<OpenAIClient> CLIENTS = new ArrayList<>();

    /** A client as a user would make one; the SDK's own retries are left at their default unless said. */
    private static OpenAIClient client(String apiKey) {
        return client(apiKey, 2);
    }

    private static OpenAIClient client(String apiKey, int maxRetries) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(api.url("v1")).apiKey(apiKey)
                .maxRetries(maxRetries).timeout(Duration.ofSeconds(30)).build();
        CLIENTS.add(client);
        return client;
    }

    @AfterAll
    static void closeClients() {
        CLIENTS.forEach(OpenAIClient::close);
    }

    private static ChatCompletionCreateParams.Builder ask(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(text);
    }

    private static String sessionKeyOf(HttpResponseFor<?> response) {
        List<String> values = response.headers().values(SESSION_HEADER);
        assertThat(values).as("the %s header", SESSION_HEADER).hasSize(1);
        return values.get(0);
    }

    private static List<String> rolesAndContents(RecordedRequest request) {
        List<String> seen = new ArrayList<>();
        for (Json m : request.messages()) {
            JsonObject message = (JsonObject) m;
            seen.add(message.string("role").orElse("?") + ": " + message.string("content").orElse(""));
        }
        return seen;
    }

    @Test
    void the_model_list_has_the_chatbots_the_key_may_use() {
        List<String> ofA = client(api.keyOfA).models().list().data().stream().map(Model::id).toList();
        assertThat(ofA).containsExactlyInAnyOrder("example", "locked", "bravo");
        Model example = client(api.keyOfA).models().list().data().stream()
                .filter(m -> m.id().equals("example")).findFirst().orElseThrow();
        assertThat(example.ownedBy()).isEqualTo(api.accountA.number().value());
        assertThat(example.created()).isEqualTo(api.example.createdAt().getEpochSecond());

        // Account B's key does not see A's chatbot that requires a key.
        List<String> ofB = client(api.keyOfB).models().list().data().stream().map(Model::id).toList();
        assertThat(ofB).containsExactlyInAnyOrder("example", "bravo");
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // small non-streaming raw responses read once; the test server ends them
    void a_plain_answer_is_a_chat_completion_and_a_stored_turn() {
        api.fake.answer("Hello there");
        HttpResponseFor<ChatCompletion> response = client(api.keyOfA).chat().completions().withRawResponse()
                .create(ask("example", "Hi").build());
        ChatCompletion completion = response.parse();

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("example");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).contains("Hello there");
        assertThat(completion.choices().get(0).finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        String key = sessionKeyOf(response);
        assertThat(key).matches("[0-9a-f]{64}");

        // The chatbot's own system prompt went to the provider, and the turn is stored like any other.
        assertThat(api.fake.lastRequest().messages().get(0).toJson()).contains("\"system\"",
                api.example.defaultSystemRole());
        List<Message> stored = api.storedMessages(api.example, key);
        assertThat(stored).extracting(Message::role).containsSubsequence(Role.SYSTEM, Role.USER, Role.ASSISTANT);
        assertThat(stored).extracting(Message::content).contains("Hi", "Hello there");
        assertThat(completion.usage().orElseThrow().totalTokens())
                .isEqualTo(storedUsage(api.example, key).totalTokens()).isPositive();
    }

    @Test
    void a_streamed_answer_is_assembled_by_the_sdk() {
        api.fake.answerStreamed("Streamed, word by word, to the end", Duration.ofMillis(5));
        ChatCompletionCreateParams params = ask("example", "Stream it")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        String key;
        try (HttpResponseFor<StreamResponse<ChatCompletionChunk>> response = client(api.keyOfA).chat().completions()
                .withRawResponse().createStreaming(params); StreamResponse<ChatCompletionChunk> stream =
                response.parse()) {
            key = sessionKeyOf(response);
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                accumulator.accumulate(chunk);
            });
        }
        ChatCompletion completion = accumulator.chatCompletion();

        assertThat(completion.choices().get(0).message().content()).contains("Streamed, word by word, to the end");
        assertThat(completion.choices().get(0).finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        // Several text chunks, one id, and the usage in a last chunk without choices.
        assertThat(chunks.size()).isGreaterThan(4);
        assertThat(chunks.stream().map(ChatCompletionChunk::id).collect(Collectors.toSet())).hasSize(1);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().totalTokens()).isEqualTo(storedUsage(api.example, key).totalTokens())
                .isPositive();
        assertThat(api.fake.lastRequest().isStreaming()).isTrue();
        assertThat(api.storedMessages(api.example, key)).extracting(Message::content)
                .contains("Stream it", "Streamed, word by word, to the end");
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // small non-streaming raw responses read once; the test server ends them
    void a_calculator_turn_is_answered_on_the_server_and_shows_no_tool_calls() {
        api.fake.callTools(FakeOpenAiServer.toolCall("call_1", "calculator", "{\"expression\": \"6*7\"}"))
                .respond(request -> Reply.text("It is " + request.lastToolResult().orElse("?")));
        HttpResponseFor<ChatCompletion> response = client(api.keyOfA).chat().completions().withRawResponse()
                .create(ask("example", "What is 6*7?").build());
        ChatCompletion completion = response.parse();

        assertThat(completion.choices().get(0).message().content().orElseThrow()).contains("42");
        assertThat(completion.choices().get(0).message().toolCalls()).isEmpty();
        assertThat(completion.choices().get(0).finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        // The provider was asked twice: the calculator's result went back to it in the second round.
        assertThat(api.fake.requests()).hasSize(2);
        assertThat(api.fake.lastRequest().lastToolResult().orElseThrow()).contains("42");
        // Usage covers both rounds.
        String key = sessionKeyOf(response);
        List<ProviderExchange> exchanges = api.store.recentProviderExchanges(
                api.store.find(api.example.id(), SessionKey.parse(key)).orElseThrow().id(), 10);
        assertThat(exchanges).hasSize(2);
        assertThat(completion.usage().orElseThrow().totalTokens())
                .isEqualTo(exchanges.get(0).usage().totalTokens() + exchanges.get(1).usage().totalTokens());
        assertThat(api.storedMessages(api.example, key)).extracting(Message::role)
                .containsSubsequence(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // small non-streaming raw responses read once; the test server ends them
    void a_continued_session_sends_only_the_new_message_and_the_provider_sees_the_history() {
        api.fake.answer("Paris is the capital.").answer("About 2.1 million people.");
        OpenAIClient client = client(api.keyOfA);
        HttpResponseFor<ChatCompletion> first = client.chat().completions().withRawResponse()
                .create(ask("example", "What is the capital of France?").build());
        String key = sessionKeyOf(first);

        HttpResponseFor<ChatCompletion> second = client.chat().completions().withRawResponse()
                .create(ask("example", "How many people live there?").putAdditionalHeader(SESSION_HEADER, key)
                        .build());

        assertThat(sessionKeyOf(second)).isEqualTo(key);
        assertThat(second.parse().choices().get(0).message().content()).contains("About 2.1 million people.");
        List<String> seen = rolesAndContents(api.fake.lastRequest());
        assertThat(seen).containsSubsequence("user: What is the capital of France?",
                "assistant: Paris is the capital.", "user: How many people live there?");
        assertThat(seen.get(0)).startsWith("system: ").endsWith(api.example.defaultSystemRole());
        assertThat(api.storedMessages(api.example, key)).filteredOn(m -> m.role() == Role.USER)
                .extracting(Message::content)
                .containsExactly("What is the capital of France?", "How many people live there?");
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // small non-streaming raw responses read once; the test server ends them
    void a_stateless_client_resending_everything_gets_one_stored_conversation_per_call() {
        api.fake.otherwise(FakeOpenAiServer.echo());
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("example")
                .addSystemMessage("You are a pirate.")
                .addUserMessage("one").addAssistantMessage("first answer").addUserMessage("two").build();
        OpenAIClient client = client(api.keyOfA);
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(params);

        assertThat(response.parse().choices().get(0).message().content()).contains("Echo: two");
        // The provider saw the chatbot's system prompt (not the client's) and the client's conversation.
        List<String> seen = rolesAndContents(api.fake.lastRequest());
        assertThat(seen.get(0)).startsWith("system: ").endsWith(api.example.defaultSystemRole());
        assertThat(seen).noneMatch(line -> line.contains("pirate"));
        assertThat(seen.subList(1, seen.size())).containsExactly("user: one", "assistant: first answer",
                "user: two");
        String key = sessionKeyOf(response);
        assertThat(api.storedMessages(api.example, key)).filteredOn(m -> m.role() != Role.SMARTER)
                .extracting(m -> m.role().wireName() + ": " + m.content())
                .containsSubsequence("user: one", "assistant: first answer", "user: two", "assistant: Echo: two")
                .noneMatch(line -> line.contains("pirate"));

        // The same request again is another stored conversation.
        String again = sessionKeyOf(client.chat().completions().withRawResponse().create(params));
        assertThat(again).isNotEqualTo(key);
    }

    @Test
    void a_chat_scope_key_is_accepted_for_its_accounts_chatbots() {
        String chatKey = api.engine.apiKeys().create(api.accountA.id(), "widget", KeyScope.CHAT).clearKey();
        assertThat(client(chatKey).models().list().data().stream().map(Model::id).toList()).contains("locked");
        api.fake.answer("Only for keys");
        ChatCompletion completion = client(chatKey).chat().completions().create(ask("locked", "Hi").build());
        assertThat(completion.choices().get(0).message().content()).contains("Only for keys");
    }

    @Test
    void a_bad_key_is_unauthorized() {
        UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                () -> client("spk_" + "0".repeat(64)).chat().completions().create(ask("example", "Hi").build()));
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.code()).contains("invalid_api_key");
        assertThat(e.type()).contains("invalid_request_error");
        assertThatThrownBy(() -> client("not-a-key").models().list()).isInstanceOf(UnauthorizedException.class);
        assertThat(api.fake.requests()).isEmpty();
    }

    @Test
    void a_chatbot_of_another_account_that_needs_a_key_is_forbidden() {
        PermissionDeniedException e = catchThrowableOfType(PermissionDeniedException.class,
                () -> client(api.keyOfB).chat().completions().create(ask("locked", "Hi").build()));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(api.fake.requests()).isEmpty();
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // small non-streaming raw responses read once; the test server ends them
    void an_unknown_model_or_session_is_not_found() {
        NotFoundException model = catchThrowableOfType(NotFoundException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("gpt-4o", "Hi").build()));
        assertThat(model.code()).contains("model_not_found");
        assertThat(model.param()).contains("model");
        NotFoundException session = catchThrowableOfType(NotFoundException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("example", "Hi")
                        .putAdditionalHeader(SESSION_HEADER, "ab".repeat(32)).build()));
        assertThat(session.statusCode()).isEqualTo(404);
        // A session of another chatbot is unknown for this one.
        api.fake.answer("b");
        String ofBravo = sessionKeyOf(client(api.keyOfA).chat().completions().withRawResponse()
                .create(ask("bravo", "Hi").build()));
        assertThatThrownBy(() -> client(api.keyOfA).chat().completions().create(ask("example", "Hi")
                .putAdditionalHeader(SESSION_HEADER, ofBravo).build())).isInstanceOf(NotFoundException.class);
        assertThat(api.fake.requests()).hasSize(1);
    }

    @Test
    void a_bad_request_is_refused_with_its_parameter_named_and_nothing_stored() {
        long sessionsBefore = sessionCount();
        ChatCompletionFunctionTool tool = ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder().name("lookup").build()).build();
        BadRequestException tools = catchThrowableOfType(BadRequestException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("example", "Hi").addTool(tool).build()));
        assertThat(tools.param()).contains("tools");
        assertThat(tools.getMessage()).contains("the chatbot's own tools", "run on the server");

        BadRequestException two = catchThrowableOfType(BadRequestException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("example", "Hi").n(2L).build()));
        assertThat(two.param()).contains("n");
        BadRequestException endsWithAnswer = catchThrowableOfType(BadRequestException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("example", "Hi")
                        .addAssistantMessage("an answer").build()));
        assertThat(endsWithAnswer.param()).contains("messages");
        BadRequestException badKey = catchThrowableOfType(BadRequestException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("example", "Hi")
                        .putAdditionalHeader(SESSION_HEADER, "not-a-session-key").build()));
        assertThat(badKey.getMessage()).contains(SESSION_HEADER);

        assertThat(api.fake.requests()).isEmpty();
        assertThat(sessionCount()).isEqualTo(sessionsBefore);
    }

    @Test
    void a_provider_failure_is_a_502_that_the_sdk_does_not_retry_and_the_turn_is_stored() {
        api.fake.fail(500, "The server had an error");
        // Default retries: the server says not to repeat a turn that is stored already.
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("example", "will fail").build()));
        assertThat(e.statusCode()).isEqualTo(502);
        assertThat(e.type()).contains("server_error");
        assertThat(e.code()).contains("provider_error");
        assertThat(api.fake.requests()).hasSize(1);
        String key = e.headers().values(SESSION_HEADER).get(0);
        List<Message> stored = api.storedMessages(api.example, key);
        assertThat(stored).extracting(Message::role).contains(Role.USER, Role.SMARTER_ERROR);
        assertThat(stored).extracting(Message::content).contains("will fail");

        // The same session goes on.
        api.fake.answer("back again");
        ChatCompletion next = client(api.keyOfA).chat().completions().create(ask("example", "retry")
                .putAdditionalHeader(SESSION_HEADER, key).build());
        assertThat(next.choices().get(0).message().content()).contains("back again");
    }

    @Test
    void a_model_looping_on_tools_is_unprocessable_and_stored() {
        api.fake.otherwise(request -> Reply.toolCalls(FakeOpenAiServer.toolCall("calculator",
                "{\"expression\": \"1+1\"}")));
        UnprocessableEntityException e = catchThrowableOfType(UnprocessableEntityException.class,
                () -> client(api.keyOfA).chat().completions().create(ask("example", "loop").build()));
        assertThat(e.statusCode()).isEqualTo(422);
        assertThat(e.code()).contains("tool_round_limit");
        assertThat(api.storedMessages(api.example, e.headers().values(SESSION_HEADER).get(0)))
                .extracting(Message::role).contains(Role.USER, Role.TOOL, Role.SMARTER_ERROR);
    }

    @Test
    void a_provider_timeout_is_a_504() {
        api.fake.hang();
        InternalServerException e = catchThrowableOfType(InternalServerException.class,
                () -> client(api.keyOfA, 0).chat().completions().create(ask("example", "too slow").build()));
        assertThat(e.statusCode()).isEqualTo(504);
        assertThat(e.code()).contains("provider_timeout");
        assertThat(api.storedMessages(api.example, e.headers().values(SESSION_HEADER).get(0)))
                .extracting(Message::content).contains("too slow");
    }

    @Test
    void a_provider_failure_while_streaming_before_any_text_is_still_a_502() {
        api.fake.fail(500, "The server had an error");
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client(api.keyOfA).chat().completions()
                    .createStreaming(ask("example", "stream and fail").build())) {
                stream.stream().forEach(chunk -> { });
            }
        }).isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // small non-streaming raw responses read once; the test server ends them
    void the_stored_session_equals_one_made_through_the_native_api() {
        api.fake.answer("Hello").answer("Still here");
        String nativeKey = json(api.postJson("api/v2/chatbots/example/prompt", api.keyOfA, input("Hi")))
                .get("session_key").asText();
        api.postJson("api/v2/chatbots/example/sessions/" + nativeKey + "/prompt", api.keyOfA, input("Again"));

        api.fake.answer("Hello").answer("Still here");
        OpenAIClient client = client(api.keyOfA);
        String key = sessionKeyOf(client.chat().completions().withRawResponse().create(ask("example", "Hi").build()));
        client.chat().completions().create(ask("example", "Again").putAdditionalHeader(SESSION_HEADER, key).build());

        assertThat(comparable(api.storedMessages(api.example, key)))
                .isEqualTo(comparable(api.storedMessages(api.example, nativeKey)))
                .hasSizeGreaterThan(6);
    }

    /** What a stored message says, without what differs between any two turns (ids, times, the date line). */
    private static List<String> comparable(List<Message> messages) {
        return messages.stream().map(m -> m.seq() + " " + m.role().wireName() + " "
                + String.valueOf(m.content()).replaceFirst("^The current date/time is [^\n]*\n", "") + " "
                + m.toolCalls() + " " + m.toolCallId() + " " + m.name()).toList();
    }

    private static TokenUsage storedUsage(Chatbot chatbot, String key) {
        long sessionId = api.store.find(chatbot.id(), SessionKey.parse(key)).orElseThrow().id();
        return api.store.recentProviderExchanges(sessionId, 100).stream().map(ProviderExchange::usage)
                .reduce(TokenUsage.NONE, TokenUsage::plus);
    }

    private static long sessionCount() {
        return api.store.list(SessionQuery.firstPage(api.example.id(), SessionQuery.MAX_LIMIT)).sessions().size();
    }
}
