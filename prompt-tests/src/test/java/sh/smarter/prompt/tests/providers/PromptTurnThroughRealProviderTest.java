package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.prompt.IncomingMessage;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.PromptResult;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.RecordedRequest;
import sh.smarter.prompt.tests.fake.Reply;

/** A whole prompt turn through the core with the real OpenAI-compatible adapter, over HTTP to the fake model. */
class PromptTurnThroughRealProviderTest {
    private final FakeOpenAiServer model = FakeOpenAiServer.start();
    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final InMemorySessionStore sessions = new InMemorySessionStore();

    @AfterEach
    void stop() {
        model.close();
    }

    @Test
    void the_model_calls_the_calculator_gets_the_result_and_answers() {
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "Example",
                Instant.EPOCH));
        catalog.saveProvider(new ProviderSettings(0, account.id(), "local_llm", model.url(),
                Secret.env(Providers.KEY_VARIABLE), "fake-model", true, Instant.EPOCH, Instant.EPOCH));
        catalog.saveChatbot(Chatbot.builder("calc_bot").accountId(account.id()).provider("local_llm")
                .defaultModel("gpt-4o-mini").functions(List.of("calculator")).build());
        PromptEngine engine = PromptEngine.builder()
                .sessionStore(sessions)
                .resourceCatalog(catalog)
                .chatCompletionProvider(Providers.adapter())
                // The provider's key variable is the operator's, bound to the fake's host (rule secret-env).
                .pluginTargets(PluginTargets.defaults().bindingSecret(Providers.KEY_VARIABLE, "127.0.0.1"))
                .build();
        model.callTools(FakeOpenAiServer.toolCall("call_calc", "calculator", "{\"expression\":\"6*7\"}"))
                .respond(request -> Reply.text("6 times 7 is " + request.lastToolResult().orElse("?")));

        PromptResult result = engine.prompts().handle(new PromptCommand(ChatbotRef.named("calc_bot"),
                SessionChoice.NEW, List.of(new IncomingMessage("user", "What is 6 times 7?")), null,
                ClientInfo.UNKNOWN, Principal.ANONYMOUS));

        assertThat(result.failed()).as("failure: %s", result.failure()).isFalse();
        assertThat(result.answer()).contains("6 times 7 is {\"result\":42}");
        List<RecordedRequest> requests = model.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.header("Authorization")).contains("Bearer " + Providers.KEY);
            assertThat(request.body().array("tools").orElseThrow().toJson()).contains("\"name\":\"calculator\"");
            assertThat(request.body().string("tool_choice")).contains("auto");
        });
        JsonObject toolMessage = (JsonObject) requests.get(1).messages().stream()
                .filter(m -> ((JsonObject) m).string("role").orElse("").equals("tool")).findFirst().orElseThrow();
        assertThat(toolMessage).isEqualTo(Json.parse("{\"role\":\"tool\",\"content\":\"{\\\"result\\\":42}\","
                + "\"tool_call_id\":\"call_calc\",\"name\":\"calculator\"}"));
        List<ToolExecution> executions = sessions.recentToolExecutions(result.session().id(), 10);
        assertThat(executions).singleElement().satisfies(execution -> {
            assertThat(execution.functionName()).isEqualTo("calculator");
            assertThat(execution.toolCallId()).isEqualTo("call_calc");
            assertThat(execution.arguments()).isEqualTo("{\"expression\":\"6*7\"}");
            assertThat(execution.result()).isEqualTo("{\"result\":42}");
        });
        assertThat(result.exchanges()).hasSize(2);
        assertThat(result.exchanges().get(0).request().toJson()).doesNotContain(Providers.KEY);
    }
}
