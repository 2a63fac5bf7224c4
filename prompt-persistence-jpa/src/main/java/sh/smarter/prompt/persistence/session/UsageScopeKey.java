package sh.smarter.prompt.persistence.session;

import java.io.Serializable;

/** What a token total counts for: a chatbot or an account, by id. */
record UsageScopeKey(String scope, long scopeId) implements Serializable {
}
