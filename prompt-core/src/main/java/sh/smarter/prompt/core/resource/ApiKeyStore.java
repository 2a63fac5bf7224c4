package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: the stored API keys (their SHA-256 hashes, never the clear key) that authenticate callers. Never
 * cached: a revoked key stops working at once. Every adapter passes the same contract suite (prompt-tests,
 * {@code ApiKeyStoreContract}).
 */
public interface ApiKeyStore {

    /** Inserts the key; a second key of the same hash is a {@code CONFLICT}, a missing account {@code NOT_FOUND}. */
    ApiKey saveApiKey(ApiKey key);

    Optional<ApiKey> findApiKeyByHash(String hash);

    List<ApiKey> listApiKeys(long accountId);

    /** Marks the key revoked; a revoked key authenticates nothing. */
    boolean revokeApiKey(long keyId, Instant at);
}
