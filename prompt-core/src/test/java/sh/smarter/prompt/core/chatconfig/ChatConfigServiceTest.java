package sh.smarter.prompt.core.chatconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.inmemory.InMemorySessionStore;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.prompt.PromptSettings;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Message;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.ProviderExchange;
import sh.smarter.prompt.core.session.Role;
import sh.smarter.prompt.core.session.Session;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.core.session.Turn;
import sh.smarter.prompt.core.testing.TestClock;

class ChatConfigServiceTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-26T07:00:00Z"));
    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final InMemorySessionStore store = new InMemorySessionStore(clock);
    private final ChatConfigService service = new ChatConfigService(catalog, store, store, new SecureRandom(), clock,
            new PromptSettings(5, 50, 16_000, 20, 3));
    private Chatbot chatbot;

    @BeforeEach
    void setUp() {
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "Example",
                clock.instant()));
        chatbot = catalog.saveChatbot(Chatbot.builder("example").accountId(account.id())
                .defaultSystemRole("You are a helpful assistant.").functions(List.of("calculator")).build());
    }

    private ChatConfig config(SessionKey key) {
        return service.chatConfig(new ChatConfigQuery(ChatbotRef.named("example"), key, ClientInfo.UNKNOWN,
                Principal.ANONYMOUS));
    }

    @Test
    void without_a_key_a_new_session_is_minted_with_the_date_line_once() {
        ChatConfig config = config(null);

        assertThat(config.newSession()).isTrue();
        assertThat(store.findById(config.session().id())).isPresent();
        assertThat(config.history()).isEmpty();
        assertThat(config.systemRole())
                .isEqualTo("The current date/time is Thursday, 2026-11-26T07:00:00+0000\nYou are a helpful assistant.");
        assertThat(config.functions()).containsExactly("calculator");
        assertThat(config.account().number().value()).isEqualTo("3141-5926-5359");
    }

    @Test
    void a_known_key_returns_that_session_and_an_unknown_key_is_never_adopted() {
        Session session = config(null).session();
        assertThat(config(session.key()).session().id()).isEqualTo(session.id());
        assertThat(config(session.key()).newSession()).isFalse();

        SessionKey chosenByClient = SessionKey.random(new SecureRandom());
        ChatConfig minted = config(chosenByClient);
        assertThat(minted.newSession()).isTrue();
        assertThat(minted.session().key()).isNotEqualTo(chosenByClient);
    }

    @Test
    void a_key_of_another_chatbot_gets_a_new_session_here() {
        catalog.saveChatbot(Chatbot.builder("other").accountId(chatbot.accountId()).build());
        Session other = service.chatConfig(new ChatConfigQuery(ChatbotRef.named("other"), null, ClientInfo.UNKNOWN,
                Principal.ANONYMOUS)).session();

        ChatConfig config = config(other.key());

        assertThat(config.session().key()).isNotEqualTo(other.key());
        assertThat(config.session().chatbotId()).isEqualTo(chatbot.id());
    }

    @Test
    void history_holds_the_newest_messages_in_order_and_says_when_older_ones_exist() {
        Session session = config(null).session();
        List<NewMessage> rows = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            rows.add(NewMessage.user("m" + i));
        }
        List<ProviderExchange> exchanges = new ArrayList<>();
        for (int round = 1; round <= 5; round++) {
            exchanges.add(new ProviderExchange("t", round, "openai", "gpt-4o-mini", JsonObject.EMPTY, null, null, 1,
                    null, clock.instant()));
        }
        store.appendTurn(session.id(), new Turn("t", chatbot.id(), chatbot.accountId(), clock.instant(), List.of(),
                rows, exchanges, List.of(), List.of(), null, null));

        ChatConfig config = config(session.key());

        assertThat(config.history()).extracting(Message::content).startsWith("m6").endsWith("m25").hasSize(20);
        assertThat(config.history()).extracting(Message::role).containsOnly(Role.USER);
        assertThat(config.hasMore()).isTrue();
        // Provider requests carry whole context windows: fewer of them, newest first.
        assertThat(config.exchanges()).extracting(ProviderExchange::round).containsExactly(5, 4, 3);
    }

    @Test
    void a_named_client_without_a_key_continues_its_latest_session() {
        ClientInfo cli = ClientInfo.UNKNOWN.withClientId("cli:7:laptop");
        Session first = service.chatConfig(new ChatConfigQuery(ChatbotRef.named("example"), null, cli,
                Principal.ANONYMOUS)).session();

        ChatConfig again = service.chatConfig(new ChatConfigQuery(ChatbotRef.named("example"), null, cli,
                Principal.ANONYMOUS));

        assertThat(again.session().key()).isEqualTo(first.key());
        assertThat(again.newSession()).isFalse();
    }

    @Test
    void a_chatbot_that_requires_a_key_refuses_an_anonymous_caller_and_mints_nothing() {
        catalog.saveChatbot(chatbot.toBuilder().requiresApiKey(true).build());

        assertThatThrownBy(() -> config(null))
                .satisfies(e -> assertThat(((PromptException) e).kind()).isEqualTo(ErrorKind.UNAUTHENTICATED));
        assertThat(store.countSessionsByChatbot()).isEmpty();
    }
}
