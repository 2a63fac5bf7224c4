package sh.smarter.prompt.tests.contract;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.ApiKey;
import sh.smarter.prompt.core.resource.ApiKeyStore;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginParameter;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.PromptOverrides;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceManagement;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * What the resource ports' contracts share: a new, empty storage per test with all three ports of it
 * ({@link ResourceCatalog}), two accounts to put resources in, and the helpers that build resources. The contracts
 * themselves are {@link ChatbotLookupContract}, {@link ResourceManagementContract} and {@link ApiKeyStoreContract};
 * an adapter's test extends {@link ResourcePortContracts}, which runs all three. Nothing here assumes which ids the
 * storage hands out.
 */
public abstract class ResourceContractFixture {
    /** Sub-millisecond digits on purpose: a catalog that keeps only milliseconds fails the round trips. */
    protected static final Instant CREATED = Instant.parse("2031-03-04T05:06:07.123456Z");
    protected static final Instant UPDATED = Instant.parse("2031-03-05T06:07:08.654321Z");

    /** All three ports of one storage: a contract writes through one port and reads through another. */
    protected ResourceCatalog catalog;
    protected ChatbotLookup lookup;
    protected ResourceManagement resources;
    protected ApiKeyStore apiKeys;
    protected Account acme;
    protected Account globex;

    /** A new, empty catalog. Called once before each test; resources left over from another test break it. */
    protected abstract ResourceCatalog newCatalog();

    @BeforeEach
    final void openEmptyCatalog() {
        catalog = newCatalog();
        lookup = catalog;
        resources = catalog;
        apiKeys = catalog;
        acme = resources.saveAccount(new Account(0, new AccountNumber("1234-5678-9012"), "Acme Corp", CREATED));
        globex = resources.saveAccount(new Account(0, new AccountNumber("9999-0000-0001"), "Globex", CREATED));
    }

    // -------------------------------------------------------------------------------------------------- fixtures

    /** An id no account has: the catalog holds only the accounts this class saved. */
    protected long missingAccountId() {
        return resources.listAccounts().stream().mapToLong(Account::id).max().orElse(0) + 1_000_000;
    }

    protected static Chatbot chatbot(Account account, String name) {
        return Chatbot.builder(name).accountId(account.id()).createdAt(CREATED).build();
    }

    protected Plugin plugin(String name, PluginSelector selector, PromptOverrides overrides,
                          List<PluginParameter> parameters, PluginData data) {
        return new Plugin(0, acme.id(), name, "The " + name + " plugin: \"quoted\" 😀", "1.2.3", selector, overrides,
                parameters, data, CREATED, UPDATED);
    }

    protected static ApiKey apiKey(Account account, String name, char hashDigit) {
        return new ApiKey(0, account.id(), name, hash(hashDigit), "****" + name, CREATED, null);
    }

    protected static String hash(char digit) {
        return String.valueOf(digit).repeat(64);
    }

    /**
     * The kinds of resource that have a name unique within their account, each reduced to the operations the shared
     * tests need. The resources are minimal, since the round-trip tests cover every field.
     */
    protected enum NamedKind {
        CHATBOT {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveChatbot(Chatbot.builder(name).id(id).accountId(accountId).createdAt(CREATED)
                        .build()).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findChatbot(accountId, name).map(Chatbot::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listChatbots(accountId).stream().map(Chatbot::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteChatbot(id);
            }
        },
        PLUGIN {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                PluginData data = new PluginData.StaticData(JsonObject.builder().put("answer", 42).build());
                return catalog.savePlugin(new Plugin(id, accountId, name, null, null, null, null, null, data,
                        CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findPlugin(accountId, name).map(Plugin::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listPlugins(accountId).stream().map(Plugin::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deletePlugin(id);
            }
        },
        SQL_CONNECTION {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveSqlConnection(new SqlConnection(id, accountId, name, "jdbc:h2:mem:" + name, "sa",
                        null, 0, CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findSqlConnection(accountId, name).map(SqlConnection::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listSqlConnections(accountId).stream().map(SqlConnection::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteSqlConnection(id);
            }
        },
        API_CONNECTION {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveApiConnection(new ApiConnection(id, accountId, name, "https://api.example.com",
                        null, null, null, 0, CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findApiConnection(accountId, name).map(ApiConnection::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listApiConnections(accountId).stream().map(ApiConnection::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteApiConnection(id);
            }
        },
        PROVIDER {
            @Override
            long save(ResourceCatalog catalog, long id, long accountId, String name) {
                return catalog.saveProvider(new ProviderSettings(id, accountId, name, "https://llm.example.com/v1/",
                        Secret.env("LLM_KEY"), "model-x", true, CREATED, null)).id();
            }

            @Override
            Optional<Long> findId(ResourceCatalog catalog, long accountId, String name) {
                return catalog.findProvider(accountId, name).map(ProviderSettings::id);
            }

            @Override
            List<String> names(ResourceCatalog catalog, long accountId) {
                return catalog.listProviders(accountId).stream().map(ProviderSettings::name).toList();
            }

            @Override
            boolean delete(ResourceCatalog catalog, long id) {
                return catalog.deleteProvider(id);
            }
        };

        /** Saves a minimal resource of this kind (inserting when {@code id} is 0) and returns its stored id. */
        abstract long save(ResourceCatalog catalog, long id, long accountId, String name);

        abstract Optional<Long> findId(ResourceCatalog catalog, long accountId, String name);

        /** The names {@code list*} returns, in its order. */
        abstract List<String> names(ResourceCatalog catalog, long accountId);

        abstract boolean delete(ResourceCatalog catalog, long id);
    }
}
