package sh.smarter.prompt.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.ApiKeyStore;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.KeyScope;
import sh.smarter.prompt.core.resource.Secret;

/**
 * Creates API keys and authenticates callers by them. Keys are stored as SHA-256 hashes: they are long random
 * values, so a slow password hash would add nothing but latency to every request.
 */
public final class ApiKeys implements ManageApiKeysUseCase {
    private static final String PREFIX = "spk_";
    private static final HexFormat HEX = HexFormat.of();

    private final ChatbotLookup accounts;
    private final ApiKeyStore keys;
    private final SecureRandom random;
    private final Clock clock;

    public ApiKeys(ChatbotLookup accounts, ApiKeyStore keys, SecureRandom random, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An {@code admin} key, as keys were before scopes existed; {@link #create(long, String, KeyScope)} says. */
    @Override
    public CreatedKey create(long accountId, String name) {
        return create(accountId, name, KeyScope.ADMIN);
    }

    @Override
    public CreatedKey create(long accountId, String name, KeyScope scope) {
        Objects.requireNonNull(scope, "scope");
        if (accounts.findAccount(accountId).isEmpty()) {
            throw PromptException.notFound("account not found");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String clear = PREFIX + HEX.formatHex(bytes);
        ApiKey stored = keys.saveApiKey(new ApiKey(0, accountId, name, hash(clear), Secret.mask(clear),
                clock.instant(), null, scope));
        return new CreatedKey(stored, clear);
    }

    @Override
    public Optional<Principal> authenticate(Credential credential) {
        return keys.findApiKeyByHash(hash(credential.token()))
                .filter(ApiKey::isActive)
                .map(key -> new Principal.AccountKey(key.accountId(), key.id(), key.scope()));
    }

    @Override
    public List<ApiKey> list(long accountId, Principal principal) {
        requireKeyManagement(accountId, principal);
        return keys.listApiKeys(accountId);
    }

    @Override
    public void revoke(ApiKey key, Principal principal) {
        requireKeyManagement(key.accountId(), principal);
        if (key.isActive()) {
            keys.revokeApiKey(key.id(), clock.instant());
        }
    }

    @Override
    public boolean revoke(RevokeApiKey command) {
        KeyScopes.requireAdmin(command.by(), "managing API keys");
        // A key of another account is as unknown to this caller as a key that does not exist.
        if (command.by() instanceof Principal.AccountKey own && keyOf(own.accountId(), command.keyId()).isEmpty()) {
            return false;
        }
        return keys.revokeApiKey(command.keyId(), clock.instant());
    }

    @Override
    public Optional<ApiKey> ownKey(Principal.AccountKey key) {
        return keyOf(key.accountId(), key.keyId());
    }

    private Optional<ApiKey> keyOf(long accountId, long keyId) {
        return keys.listApiKeys(accountId).stream().filter(k -> k.id() == keyId).findFirst();
    }

    private static void requireKeyManagement(long accountId, Principal principal) {
        KeyScopes.requireAdmin(principal, "managing API keys");
        if (!principal.mayAdminister(accountId)) {
            throw PromptException.notFound("account not found");
        }
    }

    public static String hash(String clearKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(clearKey.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
