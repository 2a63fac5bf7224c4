package sh.smarter.prompt.persistence.session;

import java.io.Serializable;

/** One row of a token total: a chatbot or an account, by id, and which of its shards. */
record UsageScopeKey(String scope, long scopeId, int shard) implements Serializable {
}
