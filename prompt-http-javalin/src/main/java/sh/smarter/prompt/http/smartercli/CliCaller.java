package sh.smarter.prompt.http.smartercli;

import io.javalin.http.Context;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.access.SessionOwners;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.http.server.HttpRequests;

/**
 * The holder of the API key a CLI request carries. Every CLI endpoint needs one, and its account scopes everything:
 * chatbot names are looked up in that account only, so other accounts' resources are simply not found.
 */
record CliCaller(Principal.AccountKey key, Account account) {

    static CliCaller of(Context ctx, PromptEngine engine) {
        Principal principal = HttpRequests.principal(ctx, engine.apiKeys());
        if (!(principal instanceof Principal.AccountKey key)) {
            throw PromptException.unauthenticated(HttpRequests.hasCredential(ctx)
                    ? "invalid API key: it is unknown or revoked; check the api_key of this environment in"
                    + " ~/.smarter/config.yaml (or --api_key)"
                    : "an API key is required: send Authorization: Token <key> (the smarter CLI sends the api_key"
                    + " of its environment from ~/.smarter/config.yaml, or --api_key)");
        }
        return new CliCaller(key, engine.findAccounts().ofKey(key));
    }

    Principal principal() {
        return key;
    }

    ChatbotRef chatbot(String name) {
        return new ChatbotRef(account.number(), name);
    }

    /** One CLI user of this key: its consecutive prompts continue one session per chatbot. */
    String clientId(String uid) {
        return SessionOwners.cliClientId(key.keyId(), uid);
    }
}
