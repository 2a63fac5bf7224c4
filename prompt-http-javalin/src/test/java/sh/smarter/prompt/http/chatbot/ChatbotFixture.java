package sh.smarter.prompt.http.chatbot;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.List;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.inmemory.ScriptedChatProvider;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ChatCompletion;
import sh.smarter.prompt.core.provider.ChatRequest;
import sh.smarter.prompt.core.provider.ProviderException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.http.server.HttpJson;
import sh.smarter.prompt.wire.json.JacksonJson;

/** An in-memory engine with two accounts, a public chatbot with a tool and a plugin, and a locked chatbot. */
final class ChatbotFixture {
    static final Instant CREATED = Instant.parse("2026-11-26T07:00:00.123456Z");
    static final List<String> EXAMPLE_PROMPTS = List.of("What is \"2+2\"?", "Emoji 🤖 ok?", "Two\nlines");

    final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    final InMemorySessionStore sessions = new InMemorySessionStore();
    final Account accountA = catalog.saveAccount(new Account(0, AccountNumber.parse("1111-2222-3333"), "A", CREATED));
    final Account accountB = catalog.saveAccount(new Account(0, AccountNumber.parse("4444-5555-6666"), "B", CREATED));
    final Plugin faq = catalog.savePlugin(new Plugin(0, accountA.id(), "faq", "Opening hours", "1.0.0",
            PluginSelector.searchTerms(List.of("hours")), null, null,
            new PluginData.StaticData((JsonObject) Json.parse("{\"hours\": \"9 to 5\"}")), CREATED, null));
    final Chatbot example = catalog.saveChatbot(Chatbot.builder("example").accountId(accountA.id())
            .appName("Example <Bot>").appExamplePrompts(EXAMPLE_PROMPTS).appWelcomeMessage("Welcome!")
            .functions(List.of("calculator")).plugins(List.of("faq")).createdAt(CREATED).build());
    final Chatbot other = catalog.saveChatbot(Chatbot.builder("other").accountId(accountA.id()).createdAt(CREATED)
            .build());
    final Chatbot locked = catalog.saveChatbot(Chatbot.builder("locked").accountId(accountA.id())
            .requiresApiKey(true).createdAt(CREATED).build());
    final PromptEngine engine = PromptEngine.builder()
            .sessionStore(sessions)
            .resourceCatalog(catalog)
            .chatCompletionProvider(new ScriptedChatProvider().otherwise(ChatbotFixture::answer))
            .build();
    final String keyOfA = engine.apiKeys().create(accountA.id(), "a").clearKey();
    final String keyOfB = engine.apiKeys().create(accountB.id(), "b").clearKey();

    /**
     * What the fixture's provider answers: "fail" in the input fails the call, a "*" asks the calculator, a tool
     * result is read back in the answer, anything else is echoed. It first writes the body as an HTTP adapter does,
     * indented, so that a test can tell that text from the request written anew.
     */
    private static ChatCompletion answer(ChatRequest request) {
        request.bodyText(ChatbotFixture::indented);
        List<NewMessage> messages = request.messages();
        NewMessage last = messages.get(messages.size() - 1);
        if (last.role() == Role.TOOL) {
            return ScriptedChatProvider.text("The tool said " + last.content());
        }
        if (last.content().contains("fail")) {
            throw ProviderException.failed("openai", 500, "provider openai answered 500");
        }
        if (last.content().contains("*")) {
            return ScriptedChatProvider.toolCalls(ScriptedChatProvider.call("call_1", "calculator",
                    "{\"expression\": \"" + last.content().replace("?", "") + "\"}"));
        }
        return ScriptedChatProvider.text("<b>Echo</b>: " + last.content());
    }

    static byte[] indented(JsonObject body) {
        try {
            return HttpJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(JacksonJson.toNode(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
