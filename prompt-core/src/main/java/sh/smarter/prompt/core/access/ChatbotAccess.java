package sh.smarter.prompt.core.access;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.ChatbotRef;

/**
 * Finds the chatbot a request names and decides whether the caller may use or manage it.
 *
 * <p>Using (config, prompt) is open for deployed public chatbots; a chatbot that requires an API key, or is not
 * deployed, needs a key of its own account. Managing (reading other people's sessions, deleting) always needs the
 * owner's key, and a foreign key gets "not found" so that names do not leak across accounts.
 */
public final class ChatbotAccess {
    private final ChatbotLookup lookup;

    public ChatbotAccess(ChatbotLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * The chatbot a request names. An account-qualified name is exact. An unqualified name is the chatbot that has
     * held it longest (the first created among those alive), whoever asks: a chatbot another account creates later
     * under the same name never changes what an existing URL answers; it is reachable through the account-qualified
     * form.
     */
    public Chatbot find(ChatbotRef ref) {
        if (ref.accountNumber().isPresent()) {
            Account account = lookup.findAccount(ref.accountNumber().get())
                    .orElseThrow(() -> chatbotNotFound(ref));
            return lookup.findChatbot(account.id(), ref.name()).orElseThrow(() -> chatbotNotFound(ref));
        }
        return firstHolder(lookup.findChatbotsNamed(ref.name())).orElseThrow(() -> chatbotNotFound(ref));
    }

    /** Of the chatbots sharing a name, the one created first: ids grow with every chatbot stored. */
    public static Optional<Chatbot> firstHolder(List<Chatbot> named) {
        return named.stream().min(Comparator.comparingLong(Chatbot::id));
    }

    /** The chatbot, if this caller may talk to it. */
    public Chatbot forUse(ChatbotRef ref, Principal principal) {
        Chatbot chatbot = find(ref);
        if (isRestricted(chatbot)) {
            if (principal instanceof Principal.Anonymous) {
                throw PromptException.unauthenticated(chatbot.deployed()
                        ? "chatbot " + chatbot.name() + " requires an API key (Authorization: Token <key>)"
                        : "chatbot " + chatbot.name() + " is not deployed; only its account's API keys may use it");
            }
            if (!principal.mayManage(chatbot.accountId())) {
                throw PromptException.forbidden("this API key may not use chatbot " + chatbot.name());
            }
        }
        return chatbot;
    }

    /**
     * The chatbot, if this caller may read and change all of its sessions: the operator or an {@code admin} key of
     * its account. A {@code chat} key of the account is told which scope it lacks; other keys get "not found".
     */
    public Chatbot forManagement(ChatbotRef ref, Principal principal) {
        Chatbot chatbot = forOwnSessions(ref, principal);
        if (!principal.mayAdminister(chatbot.accountId())) {
            throw KeyScopes.adminRequired("all sessions of chatbot " + chatbot.name());
        }
        return chatbot;
    }

    /**
     * The chatbot, if this caller belongs to its account and may therefore read the sessions it started itself
     * ({@link SessionOwners}); "not found" otherwise, so that names do not leak across accounts.
     */
    public Chatbot forOwnSessions(ChatbotRef ref, Principal principal) {
        if (principal instanceof Principal.Anonymous) {
            throw PromptException.unauthenticated("an API key is required (Authorization: Token <key>)");
        }
        Chatbot chatbot = find(ref);
        if (!principal.mayManage(chatbot.accountId())) {
            throw chatbotNotFound(ref);
        }
        return chatbot;
    }

    public static boolean isRestricted(Chatbot chatbot) {
        return chatbot.requiresApiKey() || !chatbot.deployed();
    }

    private static PromptException chatbotNotFound(ChatbotRef ref) {
        return PromptException.notFound("chatbot " + ref.name() + " not found");
    }
}
