package sh.smarter.prompt.core.access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.resource.ResourceManagement;

/**
 * Lists the chatbots a caller may prompt, by the same rule {@link ChatbotAccess#forUse} applies to a single one:
 * every deployed public chatbot, plus every chatbot of the caller's own account.
 */
public final class ChatbotDirectory implements ListChatbotsUseCase {
    private final ResourceManagement resources;

    public ChatbotDirectory(ResourceManagement resources) {
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public List<UsableChatbot> usableBy(Principal principal) {
        Objects.requireNonNull(principal, "principal");
        List<Account> accounts = resources.listAccounts().stream()
                .sorted(Comparator.comparing(a -> a.number().value())).toList();
        Map<Account, List<Chatbot>> byAccount = new LinkedHashMap<>();
        // A bare name stays with the chatbot that held it first, as in ChatbotAccess#find: another account's later
        // chatbot of the same name is listed account-qualified and never changes the id an existing client uses.
        Map<String, Long> firstHolder = new HashMap<>();
        for (Account account : accounts) {
            List<Chatbot> chatbots = resources.listChatbots(account.id());
            byAccount.put(account, chatbots);
            chatbots.forEach(c -> firstHolder.merge(c.name(), c.id(), Math::min));
        }
        List<UsableChatbot> usable = new ArrayList<>();
        byAccount.forEach((account, chatbots) -> chatbots.stream()
                .filter(c -> principal.mayManage(account.id()) || !ChatbotAccess.isRestricted(c))
                .sorted(Comparator.comparing(Chatbot::name))
                .forEach(c -> usable.add(new UsableChatbot(firstHolder.get(c.name()) != c.id()
                        ? new ChatbotRef(account.number(), c.name()) : ChatbotRef.named(c.name()), c, account))));
        return List.copyOf(usable);
    }
}
