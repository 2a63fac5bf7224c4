package sh.smarter.prompt.core.sessionadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.prompt.PromptCommand;
import sh.smarter.prompt.core.prompt.SessionChoice;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.resource.KeyScope;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.inmemory.ScriptedChatProvider;
import sh.smarter.prompt.core.testing.TestClock;

/** What a chat key and an admin key may do with a chatbot's sessions. */
class SessionScopesTest {
    private static final ChatbotRef EXAMPLE = ChatbotRef.named("example");

    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T07:00:00Z"));
    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final InMemorySessionStore store = new InMemorySessionStore(clock);
    private final PromptEngine engine = PromptEngine.builder().sessionStore(store).resourceCatalog(catalog)
            .chatCompletionProvider(new ScriptedChatProvider().otherwise(r -> ScriptedChatProvider.text("ok")))
            .clock(clock).build();
    private Principal chat;
    private Principal otherChat;
    private Principal admin;

    @BeforeEach
    void setUp() {
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "Example",
                clock.instant()));
        catalog.saveChatbot(Chatbot.builder("example").accountId(account.id()).build());
        chat = new Principal.AccountKey(account.id(), 1, KeyScope.CHAT);
        otherChat = new Principal.AccountKey(account.id(), 2, KeyScope.CHAT);
        admin = new Principal.AccountKey(account.id(), 3, KeyScope.ADMIN);
    }

    private Session promptAs(Principal principal) {
        return engine.prompts().handle(new PromptCommand(EXAMPLE, SessionChoice.NEW, List.of(), "hi",
                ClientInfo.UNKNOWN, principal)).session();
    }

    @Test
    void a_chat_key_reads_and_deletes_the_sessions_it_started_and_no_others() {
        Session own = promptAs(chat);
        Session anonymous = promptAs(Principal.ANONYMOUS);
        Session another = promptAs(otherChat);

        assertThat(own.client().clientId()).isEqualTo("key:1");
        assertThat(engine.sessions().session(EXAMPLE, own.key(), chat).id()).isEqualTo(own.id());
        assertThat(engine.sessions().messages(EXAMPLE, own.key(), 0, 10, chat)).isNotEmpty();
        for (Session foreign : List.of(anonymous, another)) {
            assertThatThrownBy(() -> engine.sessions().session(EXAMPLE, foreign.key(), chat))
                    .satisfies(e -> assertThat(((PromptException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
            assertThatThrownBy(() -> engine.sessions().delete(EXAMPLE, foreign.key(), chat))
                    .satisfies(e -> assertThat(((PromptException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND));
        }
        engine.sessions().delete(EXAMPLE, own.key(), chat);

        assertThat(store.findById(own.id())).isEmpty();
        assertThat(store.findById(anonymous.id())).isPresent();
        assertThat(store.findById(another.id())).isPresent();
    }

    @Test
    void listing_a_chatbots_sessions_needs_the_admin_scope() {
        promptAs(chat);
        promptAs(Principal.ANONYMOUS);

        assertThatThrownBy(() -> engine.sessions().listSessions(EXAMPLE, null, 10, false, chat))
                .isInstanceOf(PromptException.class)
                .hasMessage("this API key has the chat scope (prompts and its own sessions); all sessions of chatbot "
                        + "example needs a key with the admin scope")
                .satisfies(e -> assertThat(((PromptException) e).kind()).isEqualTo(ErrorKind.FORBIDDEN));
        assertThat(engine.sessions().listSessions(EXAMPLE, null, 10, false, admin).sessions()).hasSize(2);
    }

    @Test
    void an_admin_key_reads_every_session_of_its_account() {
        Session anonymous = promptAs(Principal.ANONYMOUS);

        assertThat(engine.sessions().session(EXAMPLE, anonymous.key(), admin).id()).isEqualTo(anonymous.id());
    }
}
