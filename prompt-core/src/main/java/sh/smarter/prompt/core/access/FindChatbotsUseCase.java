package sh.smarter.prompt.core.access;

import java.util.List;
import java.util.Optional;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;

/**
 * Inbound port: the chatbots a name or an account stands for, for adapters that resolve a chatbot before they call
 * another use case (the chat page, CORS, a CLI command that names a chatbot). It applies no access rule: the use
 * case the adapter then calls, or the adapter's own account scoping, decides what the caller may see.
 */
public interface FindChatbotsUseCase {

    /** The chatbot a reference names, by the rule of {@link ChatbotAccess#find}; {@code NOT_FOUND} otherwise. */
    Chatbot find(ChatbotRef ref);

    /** The chatbot of this name in this account. */
    Optional<Chatbot> findInAccount(long accountId, String name);

    /** The chatbots of this name in any account (usually one), in the order storage keeps them. */
    List<Chatbot> named(String name);

    /** The chatbots of an account, by name. */
    List<Chatbot> ofAccount(long accountId);
}
