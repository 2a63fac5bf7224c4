package sh.smarter.prompt.core.resourceadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.smarter.prompt.core.manifest.Manifests.json;
import static sh.smarter.prompt.core.manifest.Manifests.with;
import static sh.smarter.prompt.core.resourceadmin.ResourceServiceTest.namesOf;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.manifest.Manifests;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.KeyScope;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase.Outcome;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;
import sh.smarter.prompt.core.resourceadmin.ResourceService;
import sh.smarter.prompt.core.resourceadmin.ResourceServiceTest;

/** Who may apply, see and delete what, in which account; and deletes that would break a reference. */
class ResourceAccessTest {
    private static final String ACCOUNT_A = "1111-1111-1111";
    private static final String ACCOUNT_B = "2222-2222-2222";

    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    private final ResourceService service =
            new ResourceService(catalog, Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC));

    /** The example chatbot without plugins, so that it applies in an empty account. */
    private static JsonObject chatbotNamed(String name) {
        JsonObject chatbot = with(json(Manifests.CHATBOT), "spec.plugins", JsonArray.EMPTY);
        return with(chatbot, "metadata.name", Json.of(name));
    }

    private Account account(String number) {
        JsonObject manifest = with(json(Manifests.ACCOUNT), "spec.accountNumber", Json.of(number));
        service.apply(with(manifest, "metadata.name", Json.of("Account " + number)), Principal.OPERATOR);
        return catalog.findAccount(new AccountNumber(number)).orElseThrow();
    }

    private static Principal keyOf(Account account) {
        return new Principal.AccountKey(account.id(), 1);
    }

    private static JsonObject inAccount(JsonObject manifest, String number) {
        return with(manifest, "metadata.accountNumber", Json.of(number));
    }

    @Test
    void anonymous_callers_are_rejected_everywhere() {
        Principal anonymous = Principal.ANONYMOUS;
        String message = "an API key is required to manage resources";

        Manifests.assertFails(() -> service.apply(json(Manifests.PROVIDER), anonymous), ErrorKind.UNAUTHENTICATED,
                message);
        Manifests.assertFails(() -> service.get(ResourceKind.CHATBOT, anonymous), ErrorKind.UNAUTHENTICATED,
                message);
        Manifests.assertFails(() -> service.describe(ResourceKind.CHATBOT, "example", anonymous),
                ErrorKind.UNAUTHENTICATED, message);
        Manifests.assertFails(() -> service.delete(ResourceKind.CHATBOT, "example", anonymous),
                ErrorKind.UNAUTHENTICATED, message);
        assertThat(catalog.listAccounts()).isEmpty();
    }

    @Test
    void a_chat_key_cannot_apply_read_or_delete_manifests() {
        Account a = account(ACCOUNT_A);
        service.apply(chatbotNamed("helper"), keyOf(a));
        Principal chat = new Principal.AccountKey(a.id(), 2, KeyScope.CHAT);
        String needsAdmin = "this API key has the chat scope (prompts and its own sessions); %s needs a key with "
                + "the admin scope";

        Manifests.assertFails(() -> service.apply(json(Manifests.SQL_CONNECTION), chat), ErrorKind.FORBIDDEN,
                needsAdmin.formatted("apply"));
        Manifests.assertFails(() -> service.apply(chatbotNamed("other"), chat), ErrorKind.FORBIDDEN,
                needsAdmin.formatted("apply"));
        Manifests.assertFails(() -> service.get(ResourceKind.SQL_CONNECTION, chat), ErrorKind.FORBIDDEN,
                needsAdmin.formatted("reading manifests (get, describe)"));
        Manifests.assertFails(() -> service.describe(ResourceKind.CHATBOT, "helper", chat), ErrorKind.FORBIDDEN,
                needsAdmin.formatted("reading manifests (get, describe)"));
        Manifests.assertFails(() -> service.delete(ResourceKind.CHATBOT, "helper", chat), ErrorKind.FORBIDDEN,
                needsAdmin.formatted("delete"));

        assertThat(namesOf(service.get(ResourceKind.CHATBOT, keyOf(a)))).containsExactly("helper");
        assertThat(catalog.listSqlConnections(a.id())).isEmpty();
    }

    @Test
    void an_account_key_applies_in_its_own_account() {
        Account a = account(ACCOUNT_A);
        Account b = account(ACCOUNT_B);

        assertThat(service.apply(chatbotNamed("helper"), keyOf(a)).outcome()).isEqualTo(Outcome.CREATED);

        assertThat(catalog.findChatbot(a.id(), "helper")).isPresent();
        assertThat(catalog.findChatbot(b.id(), "helper")).isEmpty();
    }

    @Test
    void an_account_key_cannot_reach_another_account() {
        Account a = account(ACCOUNT_A);
        Account b = account(ACCOUNT_B);
        service.apply(inAccount(chatbotNamed("secret_bot"), ACCOUNT_B), Principal.OPERATOR);
        service.apply(chatbotNamed("helper"), keyOf(a));

        assertThat(namesOf(service.get(ResourceKind.CHATBOT, keyOf(a)))).containsExactly("helper");
        Manifests.assertFails(() -> service.describe(ResourceKind.CHATBOT, "secret_bot", keyOf(a)),
                ErrorKind.NOT_FOUND, "Chatbot secret_bot not found");
        Manifests.assertFails(() -> service.delete(ResourceKind.CHATBOT, "secret_bot", keyOf(a)),
                ErrorKind.NOT_FOUND, "Chatbot secret_bot not found");
        Manifests.assertFails(() -> service.apply(inAccount(chatbotNamed("intruder"), ACCOUNT_B), keyOf(a)),
                ErrorKind.INVALID_INPUT, "metadata.accountNumber: account 2222-2222-2222 not found");
        Manifests.assertFails(() -> service.describe(ResourceKind.ACCOUNT, ACCOUNT_B, keyOf(a)),
                ErrorKind.NOT_FOUND, "Account 2222-2222-2222 not found");
        assertThat(catalog.findChatbot(b.id(), "secret_bot")).isPresent();
        assertThat(catalog.listChatbots(b.id())).hasSize(1);
    }

    @Test
    void only_the_operator_applies_accounts() {
        Account a = account(ACCOUNT_A);

        Manifests.assertFails(() -> service.apply(json(Manifests.ACCOUNT), keyOf(a)), ErrorKind.FORBIDDEN,
                "only the operator of this installation may apply Account manifests");
        assertThat(catalog.listAccounts()).hasSize(1);
    }

    @Test
    void the_operators_first_apply_creates_the_default_account() {
        service.apply(json(Manifests.PROVIDER), Principal.OPERATOR);

        assertThat(catalog.listAccounts()).singleElement().satisfies(account -> {
            assertThat(account.number().value()).isEqualTo("0000-0000-0001");
            assertThat(account.displayName()).isEqualTo("Default");
            assertThat(catalog.findProvider(account.id(), "local_ollama")).isPresent();
        });
    }

    @Test
    void the_operator_uses_the_only_account() {
        Account a = account(ACCOUNT_A);

        service.apply(json(Manifests.PROVIDER), Principal.OPERATOR);

        assertThat(catalog.listAccounts()).hasSize(1);
        assertThat(catalog.findProvider(a.id(), "local_ollama")).isPresent();
    }

    @Test
    void the_operator_names_the_account_when_there_are_several() {
        account(ACCOUNT_A);
        Account b = account(ACCOUNT_B);

        Manifests.assertFails(() -> service.apply(json(Manifests.PROVIDER), Principal.OPERATOR),
                ErrorKind.INVALID_INPUT, "metadata.accountNumber is required: this installation has 2 accounts");
        service.apply(inAccount(json(Manifests.PROVIDER), ACCOUNT_B), Principal.OPERATOR);
        assertThat(catalog.findProvider(b.id(), "local_ollama")).isPresent();
    }

    @Test
    void the_operator_sees_every_account() {
        account(ACCOUNT_A);
        account(ACCOUNT_B);
        service.apply(inAccount(chatbotNamed("beta"), ACCOUNT_B), Principal.OPERATOR);
        service.apply(inAccount(chatbotNamed("alpha"), ACCOUNT_A), Principal.OPERATOR);

        assertThat(namesOf(service.get(ResourceKind.CHATBOT, Principal.OPERATOR))).containsExactly("alpha", "beta");
        assertThat(namesOf(service.get(ResourceKind.ACCOUNT, Principal.OPERATOR)))
                .containsExactly("Account " + ACCOUNT_A, "Account " + ACCOUNT_B);
        assertThat(service.describe(ResourceKind.CHATBOT, "beta", Principal.OPERATOR).object("status")
                .flatMap(status -> status.string("accountNumber"))).contains(ACCOUNT_B);
    }

    @Test
    void a_plugin_that_a_chatbot_lists_cannot_be_deleted() {
        service.apply(json(Manifests.STATIC_PLUGIN), Principal.OPERATOR);
        service.apply(json(Manifests.CHATBOT), Principal.OPERATOR);

        Manifests.assertFails(() -> service.delete(ResourceKind.PLUGIN, "course_catalogue", Principal.OPERATOR),
                ErrorKind.CONFLICT, "Plugin course_catalogue is used by Chatbot example; remove it from them first");

        service.apply(chatbotNamed("example"), Principal.OPERATOR);
        service.delete(ResourceKind.PLUGIN, "course_catalogue", Principal.OPERATOR);
        assertThat(service.get(ResourceKind.PLUGIN, Principal.OPERATOR)).isEmpty();
    }

    @Test
    void a_connection_that_a_plugin_uses_cannot_be_deleted() {
        service.apply(json(Manifests.SQL_CONNECTION), Principal.OPERATOR);
        service.apply(json(Manifests.SQL_PLUGIN), Principal.OPERATOR);

        Manifests.assertFails(() -> service.delete(ResourceKind.SQL_CONNECTION, "course_db", Principal.OPERATOR),
                ErrorKind.CONFLICT, "SqlConnection course_db is used by SqlPlugin course_search");

        service.delete(ResourceKind.SQL_PLUGIN, "course_search", Principal.OPERATOR);
        service.delete(ResourceKind.SQL_CONNECTION, "course_db", Principal.OPERATOR);
        assertThat(service.get(ResourceKind.SQL_CONNECTION, Principal.OPERATOR)).isEmpty();
    }

    @Test
    void a_provider_that_a_chatbot_uses_cannot_be_deleted() {
        service.apply(json(Manifests.PROVIDER), Principal.OPERATOR);
        service.apply(with(chatbotNamed("local"), "spec.config.provider", Json.of("local_ollama")),
                Principal.OPERATOR);

        Manifests.assertFails(() -> service.delete(ResourceKind.PROVIDER, "local_ollama", Principal.OPERATOR),
                ErrorKind.CONFLICT, "Provider local_ollama is used by Chatbot local");
    }

    @Test
    void deleting_something_unknown_is_not_found() {
        service.apply(json(Manifests.PROVIDER), Principal.OPERATOR);

        Manifests.assertFails(() -> service.delete(ResourceKind.API_CONNECTION, "nothing", Principal.OPERATOR),
                ErrorKind.NOT_FOUND, "ApiConnection nothing not found");
    }
}
