package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.CompletionStreamListener;
import sh.smarter.prompt.core.provider.ToolDefinition;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;

/** The exact JSON an OpenAI-compatible server receives (SPEC section 6 step 6). */
class OpenAiRequestBodyTest {
    private final FakeOpenAiServer server = FakeOpenAiServer.start();
    private final OpenAiCompatibleProvider adapter = Providers.adapter();

    @AfterEach
    void stop() {
        server.close();
    }

    /** JSON written with single quotes for readability; \\' is an escaped quote inside a string. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace("\\'", "\u0000").replace('\'', '"').replace("\u0000", "\\\"");
    }

    private RecordedRequest send(ChatRequest request) {
        server.answer("4");
        adapter.complete(Providers.provider(server.url()), request);
        return server.lastRequest();
    }

    @Test
    void a_request_without_tools_has_no_tools_and_no_tool_choice() {
        RecordedRequest received = send(Providers.simpleRequest("What is 2+2?"));

        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.header("Content-Type")).contains("application/json");
        assertThat(received.header("Authorization")).contains("Bearer " + Providers.KEY);
        assertThat(received.bodyText()).isEqualTo(json("{'model':'gpt-4o-mini','messages':["
                + "{'role':'system','content':'You are terse.'},{'role':'user','content':'What is 2+2?'}],"
                + "'temperature':0.5,'max_completion_tokens':256}"));
    }

    @Test
    void a_temperature_of_zero_is_sent_as_zero() {
        RecordedRequest received = send(new ChatRequest("gpt-4o-mini", List.of(NewMessage.user("Hi")), 0.0, 16,
                List.of()));

        assertThat(received.bodyText()).isEqualTo(json("{'model':'gpt-4o-mini','messages':["
                + "{'role':'user','content':'Hi'}],'temperature':0.0,'max_completion_tokens':16}"));
    }

    @Test
    void tools_are_sent_with_tool_choice_auto() {
        ToolDefinition getTime = new ToolDefinition("get_time", "Tells the current time in a time zone.",
                (JsonObject) Json.parse(json("{'type':'object','properties':{'zone':{'type':'string'}},"
                        + "'required':['zone']}")));
        RecordedRequest received = send(new ChatRequest("gpt-4o-mini", List.of(NewMessage.user("Time in Paris?")),
                0.5, 256, List.of(getTime)));

        assertThat(received.bodyText()).isEqualTo(json("{'model':'gpt-4o-mini','messages':["
                + "{'role':'user','content':'Time in Paris?'}],'temperature':0.5,'max_completion_tokens':256,"
                + "'tools':[{'type':'function','function':{'name':'get_time',"
                + "'description':'Tells the current time in a time zone.','parameters':{'type':'object',"
                + "'properties':{'zone':{'type':'string'}},'required':['zone']}}}],'tool_choice':'auto'}"));
    }

    @Test
    void a_follow_up_round_carries_the_assistant_tool_calls_and_the_tool_results() {
        ToolCall call = new ToolCall("call_1", "calculator", "{\"expression\":\"6*7\"}");
        RecordedRequest received = send(new ChatRequest("gpt-4o-mini", List.of(
                NewMessage.system("You are terse."),
                NewMessage.user("What is 6*7?"),
                NewMessage.assistant(null, List.of(call)),
                NewMessage.toolResult("call_1", "calculator", "{\"result\":42}")), 0.5, 256, List.of()));

        assertThat(received.bodyText()).isEqualTo(json("{'model':'gpt-4o-mini','messages':["
                + "{'role':'system','content':'You are terse.'},"
                + "{'role':'user','content':'What is 6*7?'},"
                + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function',"
                + "'function':{'name':'calculator','arguments':'{\\'expression\\':\\'6*7\\'}'}}]},"
                + "{'role':'tool','content':'{\\'result\\':42}','tool_call_id':'call_1','name':'calculator'}],"
                + "'temperature':0.5,'max_completion_tokens':256}"));
    }

    @Test
    void internal_smarter_messages_are_never_sent_and_absent_fields_are_left_out() {
        RecordedRequest received = send(new ChatRequest("gpt-4o-mini", List.of(
                NewMessage.system("You are terse."),
                NewMessage.user("Hi"),
                NewMessage.smarter("Prompt configuration: llm=openai, model=gpt-4o-mini"),
                NewMessage.assistant("Hello!"),
                NewMessage.smarterError("openai raised the following exception: boom"),
                NewMessage.user("Again")), 0.5, 256, List.of()));

        assertThat(received.bodyText()).isEqualTo(json("{'model':'gpt-4o-mini','messages':["
                + "{'role':'system','content':'You are terse.'},{'role':'user','content':'Hi'},"
                + "{'role':'assistant','content':'Hello!'},{'role':'user','content':'Again'}],"
                + "'temperature':0.5,'max_completion_tokens':256}"));
        assertThat(received.bodyText()).doesNotContain("smarter", "null");
    }

    @Test
    void a_streamed_request_adds_stream_and_usage_options_to_the_same_body() {
        server.answer("4");
        adapter.stream(Providers.provider(server.url()), Providers.simpleRequest("What is 2+2?"),
                CompletionStreamListener.NONE);
        RecordedRequest received = server.lastRequest();

        assertThat(received.header("Accept")).contains("text/event-stream");
        assertThat(received.bodyText()).isEqualTo(json("{'model':'gpt-4o-mini','messages':["
                + "{'role':'system','content':'You are terse.'},{'role':'user','content':'What is 2+2?'}],"
                + "'temperature':0.5,'max_completion_tokens':256,'stream':true,"
                + "'stream_options':{'include_usage':true}}"));
    }

    @Test
    void the_raw_completion_is_kept_and_its_usage_read() {
        server.answer("4");

        ChatCompletion completion = adapter.complete(Providers.provider(server.url()),
                Providers.simpleRequest("What is 2+2?"));

        assertThat(completion.content()).isEqualTo("4");
        assertThat(completion.finishReason()).isEqualTo("stop");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.raw().keys()).containsExactly("id", "object", "created", "model", "choices", "usage");
        assertThat(completion.raw().string("object")).contains("chat.completion");
        long promptTokens = server.lastRequest().messages().toJson().length() / 4;
        assertThat(completion.usage().promptTokens()).isEqualTo(promptTokens);
        assertThat(completion.usage().totalTokens()).isEqualTo(promptTokens + 1);
    }

    @Test
    void a_provider_without_a_key_sends_no_authorization_header() {
        server.answer("4");

        adapter.complete(server.providerSettings("local"), Providers.simpleRequest("What is 2+2?"));

        assertThat(server.lastRequest().header("Authorization")).isEmpty();
    }
}
