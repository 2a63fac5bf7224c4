package sh.smarter.prompt.core.resource;

import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;

/**
 * How a request names a chatbot: by name, optionally qualified by its account number for names that are not unique
 * across accounts.
 */
public record ChatbotRef(AccountNumber account, String name) {
    public ChatbotRef {
        if (!ResourceName.isValid(name)) {
            // Unknown names get the same answer as missing chatbots, without echoing the input at length.
            throw PromptException.notFound("chatbot not found");
        }
    }

    public static ChatbotRef named(String name) {
        return new ChatbotRef(null, name);
    }

    public Optional<AccountNumber> accountNumber() {
        return Optional.ofNullable(account);
    }

    @Override
    public String toString() {
        return account == null ? name : account + "/" + name;
    }
}
