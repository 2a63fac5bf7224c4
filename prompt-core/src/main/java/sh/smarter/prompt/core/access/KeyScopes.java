package sh.smarter.prompt.core.access;

import sh.smarter.prompt.core.error.PromptException;

/** The refusals of scope checks, worded the same everywhere. */
public final class KeyScopes {
    private KeyScopes() {
    }

    /**
     * Refuses a caller that may not administer: anonymous callers are asked for a key, {@code chat} keys are told
     * that the thing needs an {@code admin} key.
     */
    public static void requireAdmin(Principal principal, String what) {
        if (principal == null || principal instanceof Principal.Anonymous) {
            throw PromptException.unauthenticated("an API key is required to manage resources");
        }
        if (principal instanceof Principal.AccountKey key && !key.mayAdminister(key.accountId())) {
            throw adminRequired(what);
        }
    }

    static PromptException adminRequired(String what) {
        return PromptException.forbidden("this API key has the chat scope (prompts and its own sessions); "
                + what + " needs a key with the admin scope");
    }
}
