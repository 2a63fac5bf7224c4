package sh.smarter.prompt.tests.http.smartercli;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.error;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.ok;
import static sh.smarter.prompt.tests.http.smartercli.CliClient.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.tool.PluginToolName;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.http.nativeapi.PromptApiServer;

/** {@code smarter get <kind>}: tables of sessions, of one session's history, tool calls, plugin usage, resources. */
class CliGetTest {
    @RegisterExtension
    static final PromptApiServer api = PromptApiServer.start();
    private static final CliClient cli = new CliClient(api);
    private static String first;
    private static String second;
    private static String helpdeskSession;
    private static String bravoSession;

    @BeforeAll
    static void storeSessions() {
        Plugin hours = api.catalog.savePlugin(new Plugin(0, api.accountA.id(), "opening_hours", "When we are open",
                "0.2.0", PluginSelector.ALWAYS, null, null,
                new PluginData.StaticData((JsonObject) Json.parse("{\"weekdays\": \"9-17\"}")), Instant.EPOCH, null));
        api.catalog.saveChatbot(Chatbot.builder("helpdesk").accountId(api.accountA.id()).provider("fake")
                .plugins(List.of("opening_hours")).createdAt(Instant.EPOCH).build());

        first = session(chat("example", "uid-1", "first session"));
        api.fake.callTools(FakeOpenAiServer.toolCall("call_1", "calculator", "{\"expression\": \"6*7\"}"))
                .answer("It is 42");
        second = session(chat("example", "uid-2", "What is 6*7?"));
        api.fake.callTools(FakeOpenAiServer.toolCall("call_2", PluginToolName.of(hours.id()),
                "{\"inquiry_type\": \"weekdays\"}")).answer("9 to 5");
        helpdeskSession = session(chat("helpdesk", "uid-1", "When are you open?"));
        bravoSession = session(ok(cli.post("chat/bravo/?uid=b", api.keyOfB, "{\"prompt\": \"hi from b\"}"),
                "chat", "Chat"));
    }

    private static JsonNode chat(String chatbot, String uid, String text) {
        return ok(cli.post("chat/" + chatbot + "/?uid=" + uid, api.keyOfA,
                PromptApiServer.JSON.createObjectNode().put("prompt", text).toString()), "chat", "Chat");
    }

    private static String session(JsonNode chat) {
        return chat.get("data").get("request").get("session_key").asText();
    }

    private static List<String> column(JsonNode data, String name) {
        return data.get("data").get("items").findValuesAsText(name);
    }

    @Test
    void sessions_of_the_account_newest_first_with_kwargs_echoed() {
        JsonNode data = table(cli.post("get/chat/?i=10&asc=false&desc=false", api.keyOfA), "Chat");
        assertThat(column(data, "sessionKey")).containsExactly(helpdeskSession, second, first);
        assertThat(column(data, "chatbot")).containsExactly("helpdesk", "example", "example");
        assertThat(data.get("kwargs")).isEqualTo(PromptApiServer.json(
                "{\"i\": \"10\", \"asc\": \"false\", \"desc\": \"false\"}"));
        List<String> titles = data.get("data").get("titles").findValuesAsText("name");
        assertThat(titles).contains("sessionKey", "chatbot", "createdAt", "updatedAt");
        JsonNode updatedTitle = data.get("data").get("titles").get(titles.indexOf("updatedAt"));
        assertThat(updatedTitle.get("type").asText()).isEqualTo("DateTimeField");
        List<Instant> updated = column(data, "updatedAt").stream().map(Instant::parse).toList();
        assertThat(updated).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ok(cli.post("get/chats/", api.keyOfA), "get", "Chat").get("message").asText())
                .isEqualTo("Chats got successfully");
    }

    @Test
    void rows_are_capped_ordered_and_filtered() {
        assertThat(column(table(cli.post("get/chat/?i=1", api.keyOfA), "Chat"), "sessionKey"))
                .containsExactly(helpdeskSession);
        assertThat(column(table(cli.post("get/chat/?asc=true", api.keyOfA), "Chat"), "sessionKey"))
                .containsExactly(first, second, helpdeskSession);
        assertThat(column(table(cli.post("get/prompt/?chatbot=example", api.keyOfA), "Chat"), "sessionKey"))
                .containsExactly(second, first);
        assertThat(column(table(cli.post("get/chat/?session_key=" + first, api.keyOfA), "Chat"), "sessionKey"))
                .containsExactly(first);
        // Another account's session is simply not there.
        assertThat(column(table(cli.post("get/chat/?session_key=" + bravoSession, api.keyOfA), "Chat"),
                "sessionKey")).isEmpty();
        assertThat(column(table(cli.post("get/chat/", api.keyOfB), "Chat"), "sessionKey"))
                .containsExactly(bravoSession);
        error(cli.post("get/chat/?asc=true&desc=true", api.keyOfA), 400);
        error(cli.post("get/chat/?i=0", api.keyOfA), 400);
        error(cli.post("get/chat/?i=1001", api.keyOfA), 400);
        error(cli.post("get/chat/?chatbot=bravo", api.keyOfA), 404);
        error(cli.post("get/chat/", null), 401);
        error(cli.post("get/nonsense/", api.keyOfA), 400);
    }

    @Test
    void history_of_one_session_in_conversation_order() {
        JsonNode data = table(cli.post("get/chathistory/?session_key=" + second, api.keyOfA), "ChatHistory");
        List<Long> seqs = new ArrayList<>();
        data.get("data").get("items").forEach(item -> seqs.add(item.get("seq").asLong()));
        long last = api.storedMessages(api.example, second).size();
        assertThat(last).isGreaterThan(10);
        assertThat(seqs).hasSize(10).isSorted();
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(last);
        JsonNode all = table(cli.post("get/chathistory/?session_key=" + second + "&i=1000", api.keyOfA),
                "ChatHistory");
        assertThat(column(all, "content")).contains("What is 6*7?", "It is 42");
        assertThat(column(all, "role")).startsWith("system");
        assertThat(column(table(cli.post("get/chathistory/?session_key=" + second + "&i=2&desc=true",
                api.keyOfA), "ChatHistory"), "seq")).containsExactly(String.valueOf(last), String.valueOf(last - 1));
        error(cli.post("get/chathistory/", api.keyOfA), 400);
        error(cli.post("get/chathistory/?session_key=" + bravoSession, api.keyOfA), 404);
        error(cli.post("get/chathistory/?session_key=xyz", api.keyOfA), 400);
    }

    @Test
    void tool_calls_and_plugin_usage_of_one_session() {
        JsonNode calls = table(cli.post("get/chattoolcall/?session_key=" + second, api.keyOfA), "ChatToolCall");
        assertThat(column(calls, "functionName")).containsExactly("calculator");
        assertThat(column(calls, "result").get(0)).contains("42");
        assertThat(column(table(cli.post("get/chatpluginusage/?session_key=" + second, api.keyOfA),
                "ChatPluginUsage"), "plugin")).isEmpty();
        JsonNode usage = table(cli.post("get/chatpluginusage/?session_key=" + helpdeskSession, api.keyOfA),
                "ChatPluginUsage");
        assertThat(column(usage, "plugin")).containsExactly("opening_hours");
        assertThat(column(usage, "result").get(0)).contains("9-17");
        error(cli.post("get/chattoolcall/", api.keyOfA), 400);
    }

    @Test
    void resources_of_the_keys_account_only() {
        for (String kind : List.of("chatbot", "chatbots", "Chatbot", "llmclient", "LLMClients")) {
            JsonNode data = table(cli.post("get/" + kind.toLowerCase(Locale.ROOT) + "/", api.keyOfA), "Chatbot");
            assertThat(column(data, "name")).containsExactly("example", "helpdesk", "locked");
            assertThat(column(data, "provider")).containsOnly("fake");
        }
        JsonNode ofB = table(cli.post("get/chatbot/", api.keyOfB), "Chatbot");
        assertThat(column(ofB, "name")).containsExactly("bravo");
        JsonNode plugins = table(cli.post("get/plugin/", api.keyOfA), "Plugin");
        assertThat(column(plugins, "name")).containsExactly("opening_hours");
        assertThat(column(plugins, "pluginClass")).containsExactly("static");
        assertThat(column(table(cli.post("get/plugin/", api.keyOfB), "Plugin"), "name")).isEmpty();
        assertThat(column(table(cli.post("get/chatbot/?name=locked", api.keyOfA), "Chatbot"), "name"))
                .containsExactly("locked");
        assertThat(column(table(cli.post("get/chatbot/?desc=true&i=2", api.keyOfA), "Chatbot"), "name"))
                .containsExactly("locked", "helpdesk");
        // A GET works like the client's POST.
        assertThat(api.get("api/v1/cli/get/chatbot/", api.keyOfA).statusCode()).isEqualTo(200);
    }
}
