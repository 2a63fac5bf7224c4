package sh.smarter.prompt.core.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.resource.ResourceManagement;

/** Finds chatbots and accounts for the adapters: reads only, through the resource ports. */
public final class ResourceFinder implements FindChatbotsUseCase, FindAccountsUseCase {
    private final ChatbotLookup lookup;
    private final ResourceManagement resources;
    private final ChatbotAccess access;

    /** @param resources the same storage as {@code lookup}; only its lists are read */
    public ResourceFinder(ChatbotLookup lookup, ResourceManagement resources) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.access = new ChatbotAccess(lookup);
    }

    @Override
    public Chatbot find(ChatbotRef ref) {
        return access.find(ref);
    }

    @Override
    public Optional<Chatbot> findInAccount(long accountId, String name) {
        return lookup.findChatbot(accountId, name);
    }

    @Override
    public List<Chatbot> named(String name) {
        return lookup.findChatbotsNamed(name);
    }

    @Override
    public List<Chatbot> ofAccount(long accountId) {
        return resources.listChatbots(accountId);
    }

    @Override
    public Optional<Account> find(AccountNumber number) {
        return lookup.findAccount(number);
    }

    @Override
    public List<Account> all() {
        return resources.listAccounts();
    }

    @Override
    public Account ofKey(Principal.AccountKey key) {
        return lookup.findAccount(key.accountId())
                .orElseThrow(() -> PromptException.unauthenticated("the API key's account no longer exists"));
    }
}
