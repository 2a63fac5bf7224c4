package sh.smarter.prompt.core.access;

import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;

/** Inbound port: which chatbots a caller may prompt (what a model list shows). */
public interface ListChatbotsUseCase {

    /** The chatbots this caller may prompt, by account and then by name. */
    List<UsableChatbot> usableBy(Principal principal);

    /**
     * A chatbot a caller may prompt, with the reference that names it without doubt: its bare name, or
     * {@code ACCOUNT_NUMBER/name} for a chatbot whose name another account held first.
     */
    record UsableChatbot(ChatbotRef ref, Chatbot chatbot, Account account) {
        public UsableChatbot {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(chatbot, "chatbot");
            Objects.requireNonNull(account, "account");
        }
    }
}
