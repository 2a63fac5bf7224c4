package sh.smarter.prompt.tests.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static sh.smarter.prompt.tests.contract.ContractAssertions.assertFailsWith;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.ApiKeyStore;
import sh.smarter.prompt.core.resource.KeyScope;

/**
 * What every {@link ApiKeyStore} promises the key checks: a key is found by its hash and listed in its account, a
 * hash is unique, revoking works once and keeps the key's scope. An adapter's test runs this contract with
 * {@code @Nested}.
 */
public abstract class ApiKeyStoreContract extends ResourceContractFixture {

    // --------------------------------------------------------------------------------------------------- API keys

    @Test
    void api_keys_are_found_by_hash_and_listed_per_account() {
        ApiKey ci = apiKeys.saveApiKey(apiKey(acme, "ci", 'a'));
        ApiKey laptop = apiKeys.saveApiKey(apiKey(acme, "laptop", 'b'));
        ApiKey other = apiKeys.saveApiKey(apiKey(globex, "default", 'c'));

        assertThat(ci.id()).isNotZero();
        assertThat(ci).isEqualTo(apiKey(acme, "ci", 'a').withId(ci.id()));
        assertThat(apiKeys.findApiKeyByHash(hash('a'))).contains(ci);
        assertThat(apiKeys.findApiKeyByHash(hash('f'))).isEmpty();
        assertThat(apiKeys.listApiKeys(acme.id())).containsExactlyInAnyOrder(ci, laptop);
        assertThat(apiKeys.listApiKeys(globex.id())).containsExactly(other);
    }

    @Test
    void a_second_key_with_the_same_hash_is_a_conflict() {
        apiKeys.saveApiKey(apiKey(acme, "first", 'a'));

        assertFailsWith(ErrorKind.CONFLICT, () -> apiKeys.saveApiKey(apiKey(globex, "second", 'a')));
    }

    @Test
    void revoking_a_key_makes_it_inactive_and_works_once() {
        ApiKey key = apiKeys.saveApiKey(apiKey(acme, "ci", 'a'));
        Instant revokedAt = UPDATED.plusNanos(1_000);

        assertThat(apiKeys.revokeApiKey(key.id(), revokedAt)).isTrue();
        assertThat(apiKeys.revokeApiKey(key.id(), revokedAt.plusSeconds(60))).isFalse();

        assertThat(apiKeys.findApiKeyByHash(key.hash())).hasValueSatisfying(found -> {
            assertThat(found.isActive()).isFalse();
            assertThat(found.revokedAt()).isEqualTo(revokedAt);
        });
        assertThat(apiKeys.listApiKeys(acme.id())).singleElement().satisfies(k -> assertThat(k.isActive()).isFalse());
    }

    @Test
    void an_api_key_keeps_its_scope_also_when_revoked() {
        ApiKey chat = apiKeys.saveApiKey(new ApiKey(0, acme.id(), "widget", hash('c'), null, CREATED, null,
                KeyScope.CHAT));
        ApiKey admin = apiKeys.saveApiKey(new ApiKey(0, acme.id(), "ops", hash('e'), null, CREATED, null,
                KeyScope.ADMIN));
        apiKeys.revokeApiKey(chat.id(), UPDATED);

        assertThat(apiKeys.findApiKeyByHash(hash('c'))).hasValueSatisfying(found -> {
            assertThat(found.scope()).isEqualTo(KeyScope.CHAT);
            assertThat(found.isActive()).isFalse();
        });
        assertThat(apiKeys.findApiKeyByHash(hash('e')).map(ApiKey::scope)).contains(KeyScope.ADMIN);
        assertThat(apiKeys.listApiKeys(acme.id())).extracting(ApiKey::name, ApiKey::scope)
                .containsExactly(tuple("widget", KeyScope.CHAT), tuple("ops", KeyScope.ADMIN));
        assertThat(admin.scope()).isEqualTo(KeyScope.ADMIN);
    }

    @Test
    void revoking_an_unknown_key_returns_false() {
        ApiKey key = apiKeys.saveApiKey(apiKey(acme, "ci", 'a'));
        apiKeys.revokeApiKey(key.id(), UPDATED);

        assertThat(apiKeys.revokeApiKey(key.id() + 1_000_000, UPDATED)).isFalse();
    }

    @Test
    void an_api_key_of_a_missing_account_is_not_found() {
        assertFailsWith(ErrorKind.NOT_FOUND, () -> apiKeys.saveApiKey(new ApiKey(0, missingAccountId(), "orphan",
                hash('d'), null, CREATED, null)));
    }
}
