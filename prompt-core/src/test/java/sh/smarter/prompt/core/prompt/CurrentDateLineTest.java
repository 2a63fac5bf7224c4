package sh.smarter.prompt.core.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.inmemory.ScriptedChatProvider;
import sh.smarter.prompt.core.testing.TestClock;
import sh.smarter.prompt.core.tool.PluginRunner;

class CurrentDateLineTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T07:00:00Z"));
    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final InMemorySessionStore store = new InMemorySessionStore(clock);
    private final ScriptedChatProvider provider = new ScriptedChatProvider();

    private PromptService service() {
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "Example",
                clock.instant()));
        catalog.saveChatbot(Chatbot.builder("example").accountId(account.id())
                .defaultSystemRole("You are a helpful assistant.").build());
        return new PromptService(catalog, store, store, provider, List.of(), new PluginRunner(catalog, null, null), null,
                new SecureRandom(), clock, PromptSettings.DEFAULTS);
    }

    private static PromptCommand command(String text, SessionChoice choice) {
        return new PromptCommand(ChatbotRef.named("example"), choice, List.of(new IncomingMessage("user", text)),
                null, ClientInfo.UNKNOWN, Principal.ANONYMOUS);
    }

    private String sentSystemText() {
        NewMessage system = provider.lastRequest().messages().get(0);
        assertThat(system.role()).isEqualTo(Role.SYSTEM);
        return system.content();
    }

    @Test
    void a_session_continued_a_day_later_tells_the_model_the_new_date() {
        PromptService service = service();
        provider.otherwise(request -> ScriptedChatProvider.text("ok"));
        Session session = service.handle(command("What day is it?", SessionChoice.NEW)).session();
        assertThat(sentSystemText()).startsWith("The current date/time is Thursday, 2026-11-26T07:00")
                .endsWith("\nYou are a helpful assistant.");

        clock.advance(Duration.ofDays(1).plusHours(2));
        service.handle(command("And now?", SessionChoice.existing(session.key())));

        assertThat(sentSystemText()).startsWith("The current date/time is Friday, 2026-11-27T09:00")
                .endsWith("\nYou are a helpful assistant.")
                .containsOnlyOnce("The current date/time is");
        // What is stored stays as the session began.
        Message stored = store.firstSystemMessage(session.id()).orElseThrow();
        assertThat(stored.content()).startsWith("The current date/time is Thursday, 2026-11-26T07:00");
        assertThat(store.messagesAfter(session.id(), 0, 100)).filteredOn(m -> m.role() == Role.SYSTEM).hasSize(1);
    }

    @Test
    void a_system_text_without_a_date_line_gets_one_and_a_stale_one_is_replaced() {
        Instant now = Instant.parse("2026-12-24T18:30:00Z");
        assertThat(CurrentDateLine.on("Be brief.", now))
                .isEqualTo("The current date/time is Thursday, 2026-12-24T18:30:00+0000\nBe brief.");
        assertThat(CurrentDateLine.on("The current date/time is Monday, 2026-01-05T08:00:00+0000\nBe brief.", now))
                .isEqualTo("The current date/time is Thursday, 2026-12-24T18:30:00+0000\nBe brief.");
        assertThat(CurrentDateLine.on("The current date/time is Monday, 2026-01-05T08:00:00+0000", now))
                .isEqualTo("The current date/time is Thursday, 2026-12-24T18:30:00+0000");
    }
}
