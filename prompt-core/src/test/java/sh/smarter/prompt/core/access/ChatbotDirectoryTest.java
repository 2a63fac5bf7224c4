package sh.smarter.prompt.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.access.ListChatbotsUseCase.UsableChatbot;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.KeyScope;

class ChatbotDirectoryTest {
    private static final Instant CREATED = Instant.parse("2026-11-26T07:00:00Z");
    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final Account a = catalog.saveAccount(new Account(0, AccountNumber.parse("1111-1111-1111"), "A", CREATED));
    private final Account b = catalog.saveAccount(new Account(0, AccountNumber.parse("2222-2222-2222"), "B", CREATED));
    private final ChatbotDirectory directory = new ChatbotDirectory(catalog);

    private void chatbot(Account owner, String name, boolean requiresKey, boolean deployed) {
        catalog.saveChatbot(Chatbot.builder(name).accountId(owner.id()).requiresApiKey(requiresKey)
                .deployed(deployed).createdAt(CREATED).build());
    }

    private List<String> ids(Principal principal) {
        return directory.usableBy(principal).stream().map(c -> c.ref().toString()).toList();
    }

    @Test
    void a_caller_sees_the_public_chatbots_and_every_chatbot_of_its_own_account() {
        chatbot(a, "open", false, true);
        chatbot(a, "keyed", true, true);
        chatbot(a, "draft", false, false);
        chatbot(b, "other", false, true);
        chatbot(b, "secret", true, true);

        assertThat(ids(Principal.ANONYMOUS)).containsExactly("open", "other");
        assertThat(ids(new Principal.AccountKey(a.id(), 1, KeyScope.CHAT)))
                .containsExactly("draft", "keyed", "open", "other");
        assertThat(ids(new Principal.AccountKey(b.id(), 2, KeyScope.ADMIN))).containsExactly("open", "other",
                "secret");
        assertThat(ids(Principal.OPERATOR)).hasSize(5);
    }

    @Test
    void a_name_keeps_naming_its_first_holder_and_a_later_same_named_chatbot_is_account_qualified() {
        chatbot(b, "example", false, true);
        chatbot(a, "example", false, true);
        chatbot(b, "bravo", false, true);

        List<UsableChatbot> usable = directory.usableBy(Principal.ANONYMOUS);
        assertThat(usable).extracting(c -> c.ref().toString())
                .containsExactly("1111-1111-1111/example", "bravo", "example");
        assertThat(usable.get(0).account()).isEqualTo(a);
        assertThat(usable.get(2).account()).isEqualTo(b);
    }
}
