package sh.smarter.prompt.core.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.KeyScope;

/**
 * Inbound port: creating, listing and revoking API keys, and authenticating a caller by one. Only a key's hash is
 * stored; the clear key exists once, in {@link CreatedKey}.
 */
public interface ManageApiKeysUseCase {

    /** A new key and its stored record. The clear key exists only in the returned value: show it once. */
    record CreatedKey(ApiKey stored, String clearKey) {
        @Override
        public String toString() {
            return "CreatedKey[" + stored + "]";
        }
    }

    /** Revoking the key of this id on behalf of {@code by}, who must administer the key's account. */
    record RevokeApiKey(long keyId, Principal by) {
        public RevokeApiKey {
            Objects.requireNonNull(by, "by");
        }
    }

    /** An {@code admin} key, as keys were before scopes existed. */
    CreatedKey create(long accountId, String name);

    CreatedKey create(long accountId, String name, KeyScope scope);

    /** The principal of a credential, or empty when the key is unknown or revoked. */
    Optional<Principal> authenticate(Credential credential);

    /** The keys of an account, for a caller who may administer it (the operator or an admin key of it). */
    List<ApiKey> list(long accountId, Principal principal);

    /** Revokes a key of the account; revoking a revoked key changes nothing. */
    void revoke(ApiKey key, Principal principal);

    /** True when the key was active and is now revoked; false when no such key (of the caller's) is active. */
    boolean revoke(RevokeApiKey command);

    /** The stored record of the caller's own key (its name and masked hint), for "who am I". */
    Optional<ApiKey> ownKey(Principal.AccountKey key);
}
