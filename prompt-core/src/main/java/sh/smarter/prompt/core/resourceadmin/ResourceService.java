package sh.smarter.prompt.core.resourceadmin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import sh.smarter.prompt.core.access.KeyScopes;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.manifest.ExampleManifests;
import sh.smarter.prompt.core.manifest.ManifestReader;
import sh.smarter.prompt.core.manifest.ManifestWriter;
import sh.smarter.prompt.core.manifest.PluginKinds;
import sh.smarter.prompt.core.manifest.ResourceKind;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.plugintarget.TargetRefusal;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.ResourceCatalog;
import sh.smarter.prompt.core.resource.ResourceManagement;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.core.resourceadmin.CatalogTable.Stamp;

/**
 * Applies, lists, describes and deletes resources given as manifests, on behalf of a principal.
 *
 * <p>An API key works in its own account only. The operator works in the account named by
 * {@code metadata.accountNumber}, else in the installation's only account, which is created (number
 * {@value #DEFAULT_ACCOUNT_NUMBER}, "Default") by the first apply on an empty installation.
 */
public final class ResourceService implements ManageResourcesUseCase {
    public static final String DEFAULT_ACCOUNT_NUMBER = "0000-0000-0001";
    public static final String DEFAULT_ACCOUNT_NAME = "Default";

    private final ChatbotLookup lookup;
    private final ResourceManagement resources;
    private final Clock clock;
    private final PluginTargets targets;
    private final Map<ResourceKind, Shelf<?>> shelves = new EnumMap<>(ResourceKind.class);

    /**
     * How one kind is handled: its catalog table, which of the table's rows are of this kind (the plugin kinds
     * share one table), its manifest form, what it must find in the account, and who uses it.
     */
    private record Shelf<T>(ResourceKind kind,
                            CatalogTable<T> table,
                            Predicate<T> isOfKind,
                            BiFunction<JsonObject, Instant, T> read,
                            Function<T, JsonObject> write,
                            BiConsumer<T, Account> checkReferences,
                            BiFunction<T, Account, List<String>> users) {
    }

    /** A resource with the account it belongs to. */
    private record Owned<T>(Account account, T resource) {
    }

    public ResourceService(ResourceCatalog catalog, Clock clock) {
        this(catalog, clock, PluginTargets.defaults());
    }

    /** @param targets what SQL and API connections may point at (the operator's settings) */
    public ResourceService(ResourceCatalog catalog, Clock clock, PluginTargets targets) {
        this(catalog, catalog, clock, targets);
    }

    /**
     * @param lookup    what checks a manifest's references and finds a resource by name
     * @param resources where resources are saved, listed and deleted: the same storage as {@code lookup}
     * @param targets   what SQL and API connections may point at (the operator's settings)
     */
    public ResourceService(ChatbotLookup lookup, ResourceManagement resources, Clock clock, PluginTargets targets) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.targets = Objects.requireNonNull(targets, "targets");
        CatalogTable<Plugin> plugins = CatalogTable.plugins(lookup, resources);
        add(new Shelf<>(ResourceKind.CHATBOT, CatalogTable.chatbots(lookup, resources), chatbot -> true,
                ManifestReader::chatbot, ManifestWriter::chatbot, this::checkChatbotReferences,
                (chatbot, account) -> List.of()));
        // Plugin also names the whole plugin namespace in get, describe and delete; applying it means static.
        addPluginShelf(ResourceKind.PLUGIN, plugins, plugin -> true);
        addPluginShelf(ResourceKind.SQL_PLUGIN, plugins, plugin -> plugin.data() instanceof PluginData.SqlData);
        addPluginShelf(ResourceKind.API_PLUGIN, plugins, plugin -> plugin.data() instanceof PluginData.ApiData);
        add(new Shelf<>(ResourceKind.SQL_CONNECTION, CatalogTable.sqlConnections(lookup, resources), connection -> true,
                ManifestReader::sqlConnection, ManifestWriter::sqlConnection,
                (connection, account) -> refuseIfPresent(targets.checkSqlConnection(connection)),
                (connection, account) -> pluginsUsing(account, data -> data instanceof PluginData.SqlData sql
                        && sql.connection().equals(connection.name()))));
        add(new Shelf<>(ResourceKind.API_CONNECTION, CatalogTable.apiConnections(lookup, resources), connection -> true,
                ManifestReader::apiConnection, ManifestWriter::apiConnection,
                (connection, account) -> refuseIfPresent(targets.checkApiConnection(connection)),
                (connection, account) -> pluginsUsing(account, data -> data instanceof PluginData.ApiData api
                        && api.connection().equals(connection.name()))));
        add(new Shelf<>(ResourceKind.PROVIDER, CatalogTable.providers(lookup, resources), provider -> true,
                ManifestReader::provider, ManifestWriter::provider,
                (provider, account) -> refuseIfPresent(targets.checkProvider(provider)),
                (provider, account) -> chatbotsUsing(account, chatbot -> chatbot.provider().equals(provider.name()))));
    }

    private void add(Shelf<?> shelf) {
        shelves.put(shelf.kind(), shelf);
    }

    private void addPluginShelf(ResourceKind kind, CatalogTable<Plugin> plugins, Predicate<Plugin> isOfKind) {
        add(new Shelf<>(kind, plugins, isOfKind, ManifestReader::plugin, ManifestWriter::plugin,
                this::checkPluginReferences,
                (plugin, account) -> chatbotsUsing(account, chatbot -> chatbot.plugins().contains(plugin.name()))));
    }

    @Override
    public ApplyResult apply(JsonObject manifest, Principal principal) {
        KeyScopes.requireAdmin(principal, "apply");
        ResourceKind kind = ManifestReader.kind(manifest);
        return kind == ResourceKind.ACCOUNT ? applyAccount(manifest, principal)
                : applyTo(shelves.get(kind), manifest, principal);
    }

    // The saved copy is not needed: the result names the resource, and the next read comes from storage.
    @SuppressWarnings("ReturnValueIgnored")
    private <T> ApplyResult applyTo(Shelf<T> shelf, JsonObject manifest, Principal principal) {
        Instant now = clock.instant();
        T candidate = shelf.read().apply(manifest, now);
        Account account = accountForApply(ManifestReader.targetAccount(manifest), principal);
        shelf.checkReferences().accept(candidate, account);
        CatalogTable<T> table = shelf.table();
        String name = table.name().apply(candidate);
        Optional<T> existing = table.find().apply(account.id(), name);
        if (existing.isEmpty()) {
            long accountId = stored(account).id();
            table.save().apply(table.restamp().apply(candidate, new Stamp(0, accountId, now, now)));
            return new ApplyResult(shelf.kind(), name, Outcome.CREATED);
        }
        if (table.sameContent(existing.get(), candidate)) {
            return new ApplyResult(shelf.kind(), name, Outcome.UNCHANGED);
        }
        Stamp previous = table.stamp().apply(existing.get());
        table.save().apply(table.restamp().apply(candidate,
                new Stamp(previous.id(), previous.accountId(), previous.createdAt(), now)));
        return new ApplyResult(shelf.kind(), name, Outcome.UPDATED);
    }

    /** Accounts are the operator's business: an API key belongs to one and cannot make others. */
    private ApplyResult applyAccount(JsonObject manifest, Principal principal) {
        if (!(principal instanceof Principal.Operator)) {
            throw PromptException.forbidden("only the operator of this installation may apply Account manifests");
        }
        Account candidate = ManifestReader.account(manifest, clock.instant());
        String name = candidate.number().value();
        Optional<Account> existing = lookup.findAccount(candidate.number());
        if (existing.isEmpty()) {
            resources.saveAccount(candidate);
            return new ApplyResult(ResourceKind.ACCOUNT, name, Outcome.CREATED);
        }
        if (existing.get().displayName().equals(candidate.displayName())
                && Objects.equals(existing.get().dailyTokenBudget(), candidate.dailyTokenBudget())) {
            return new ApplyResult(ResourceKind.ACCOUNT, name, Outcome.UNCHANGED);
        }
        resources.saveAccount(new Account(existing.get().id(), candidate.number(), candidate.displayName(),
                existing.get().createdAt(), candidate.dailyTokenBudget()));
        return new ApplyResult(ResourceKind.ACCOUNT, name, Outcome.UPDATED);
    }

    /**
     * The account a manifest goes to. When the operator's installation has no account yet, this is the default
     * account, not yet stored (id 0, which no stored resource refers to): it is stored only once the manifest has
     * passed every check, so a rejected manifest leaves the catalog as it was.
     */
    private Account accountForApply(Optional<AccountNumber> named, Principal principal) {
        if (principal instanceof Principal.AccountKey key) {
            Account own = ownAccount(key);
            if (named.isPresent() && !named.get().equals(own.number())) {
                throw accountNotFound(named.get()); // the same answer as for a missing account: nothing leaks
            }
            return own;
        }
        if (named.isPresent()) {
            return lookup.findAccount(named.get()).orElseThrow(() -> accountNotFound(named.get()));
        }
        List<Account> accounts = resources.listAccounts();
        if (accounts.size() == 1) {
            return accounts.get(0);
        }
        if (accounts.isEmpty()) {
            return new Account(0, new AccountNumber(DEFAULT_ACCOUNT_NUMBER), DEFAULT_ACCOUNT_NAME, clock.instant());
        }
        throw PromptException.invalid("metadata.accountNumber is required: this installation has " + accounts.size()
                + " accounts");
    }

    private static PromptException accountNotFound(AccountNumber number) {
        return PromptException.invalid("metadata.accountNumber: account " + number + " not found");
    }

    private Account stored(Account account) {
        return account.id() != 0 ? account : resources.saveAccount(account);
    }

    private static void refuseIfPresent(Optional<TargetRefusal> refusal) {
        if (refusal.isPresent()) {
            throw refusal.get().toException();
        }
    }

    private void checkChatbotReferences(Chatbot chatbot, Account account) {
        String provider = chatbot.provider();
        if (ProviderPresets.find(provider).isEmpty() && lookup.findProvider(account.id(), provider).isEmpty()) {
            throw notInAccount("spec.config.provider", "provider " + provider, account.number() + " (built in: "
                    + ProviderPresets.all().stream().map(ProviderSettings::name).collect(Collectors.joining(", "))
                    + ")");
        }
        List<String> plugins = chatbot.plugins();
        for (int i = 0; i < plugins.size(); i++) {
            if (lookup.findPlugin(account.id(), plugins.get(i)).isEmpty()) {
                throw notInAccount("spec.plugins[" + i + "]", "plugin " + plugins.get(i), account.number().value());
            }
        }
    }

    private void checkPluginReferences(Plugin plugin, Account account) {
        if (plugin.data() instanceof PluginData.SqlData sql) {
            SqlConnection connection = lookup.findSqlConnection(account.id(), sql.connection()).orElseThrow(() ->
                    notInAccount("spec.connection", "SQL connection " + sql.connection(), account.number().value()));
            refuseIfPresent(targets.checkSqlQuery(connection, sql.sqlQuery()));
        }
        if (plugin.data() instanceof PluginData.ApiData api
                && lookup.findApiConnection(account.id(), api.connection()).isEmpty()) {
            throw notInAccount("spec.connection", "API connection " + api.connection(), account.number().value());
        }
    }

    /** A manifest refers to something its account lacks: the manifest is wrong, so this is invalid input. */
    private static PromptException notInAccount(String field, String missing, String account) {
        return PromptException.invalid(field + ": " + missing + " not found in account " + account);
    }

    private List<String> chatbotsUsing(Account account, Predicate<Chatbot> uses) {
        return resources.listChatbots(account.id()).stream().filter(uses)
                .map(chatbot -> ResourceKind.CHATBOT.manifestName() + " " + chatbot.name()).toList();
    }

    private List<String> pluginsUsing(Account account, Predicate<PluginData> uses) {
        return resources.listPlugins(account.id()).stream().filter(plugin -> uses.test(plugin.data()))
                .map(plugin -> PluginKinds.kindOf(plugin.data()).manifestName() + " " + plugin.name()).toList();
    }

    @Override
    public List<JsonObject> get(ResourceKind kind, Principal principal) {
        List<Account> accounts = visibleAccounts(principal);
        if (kind == ResourceKind.ACCOUNT) {
            return accounts.stream()
                    .sorted(Comparator.comparing(Account::displayName).thenComparing(a -> a.number().value()))
                    .map(ResourceService::describeAccount)
                    .toList();
        }
        return listed(shelves.get(kind), accounts);
    }

    private <T> List<JsonObject> listed(Shelf<T> shelf, List<Account> accounts) {
        List<Owned<T>> found = new ArrayList<>();
        for (Account account : accounts) {
            shelf.table().list().apply(account.id()).stream().filter(shelf.isOfKind())
                    .forEach(resource -> found.add(new Owned<>(account, resource)));
        }
        Function<Owned<T>, String> name = owned -> shelf.table().name().apply(owned.resource());
        return found.stream()
                .sorted(Comparator.comparing(name).thenComparing(owned -> owned.account().number().value()))
                .map(owned -> described(shelf, owned))
                .toList();
    }

    @Override
    public JsonObject describe(ResourceKind kind, String name, Principal principal) {
        if (kind == ResourceKind.ACCOUNT) {
            return describeAccount(findAccount(name, principal));
        }
        return describeOne(shelves.get(kind), name, principal);
    }

    private <T> JsonObject describeOne(Shelf<T> shelf, String name, Principal principal) {
        return described(shelf, findOne(shelf, name, principal));
    }

    private static <T> JsonObject described(Shelf<T> shelf, Owned<T> owned) {
        Stamp stamp = shelf.table().stamp().apply(owned.resource());
        return ManifestWriter.withStatus(shelf.write().apply(owned.resource()), owned.account().number(),
                stamp.createdAt(), stamp.updatedAt());
    }

    private static JsonObject describeAccount(Account account) {
        return ManifestWriter.withStatus(ManifestWriter.account(account), account.number(), account.createdAt(),
                account.createdAt());
    }

    /** An account by number or display name, among those the principal may see. */
    private Account findAccount(String name, Principal principal) {
        return visibleAccounts(principal).stream()
                .filter(account -> account.number().value().equals(name) || account.displayName().equals(name))
                .findFirst()
                .orElseThrow(() -> notFound(ResourceKind.ACCOUNT, name));
    }

    /**
     * The one resource of this kind and name that the principal may see. The operator sees every account; a name
     * used in several of them is ambiguous.
     */
    private <T> Owned<T> findOne(Shelf<T> shelf, String name, Principal principal) {
        List<Owned<T>> matches = new ArrayList<>();
        for (Account account : visibleAccounts(principal)) {
            shelf.table().find().apply(account.id(), name).filter(shelf.isOfKind())
                    .ifPresent(resource -> matches.add(new Owned<>(account, resource)));
        }
        if (matches.isEmpty()) {
            throw notFound(shelf.kind(), name);
        }
        if (matches.size() > 1) {
            throw PromptException.invalid(shelf.kind().manifestName() + " " + name + " exists in accounts "
                    + matches.stream().map(owned -> owned.account().number().value()).collect(Collectors.joining(", "))
                    + "; use an API key of the account you mean");
        }
        return matches.get(0);
    }

    @Override
    public void delete(ResourceKind kind, String name, Principal principal) {
        KeyScopes.requireAdmin(principal, "delete");
        if (kind == ResourceKind.ACCOUNT) {
            throw PromptException.invalid("accounts cannot be deleted with manifests");
        }
        deleteOne(shelves.get(kind), name, principal);
    }

    // findOne has just found it, so whether storage still held it adds nothing.
    @SuppressWarnings("ReturnValueIgnored")
    private <T> void deleteOne(Shelf<T> shelf, String name, Principal principal) {
        Owned<T> target = findOne(shelf, name, principal);
        List<String> users = shelf.users().apply(target.resource(), target.account());
        if (!users.isEmpty()) {
            throw PromptException.conflict(shelf.kind().manifestName() + " " + name + " is used by "
                    + String.join(", ", users) + "; remove it from them first");
        }
        shelf.table().delete().test(target.resource());
    }

    @Override
    public ApplyResult setDeployed(String chatbotName, boolean deployed, Principal principal) {
        KeyScopes.requireAdmin(principal, "deploy and undeploy");
        @SuppressWarnings("unchecked")
        Shelf<Chatbot> shelf = (Shelf<Chatbot>) shelves.get(ResourceKind.CHATBOT);
        Chatbot chatbot = findOne(shelf, chatbotName, principal).resource();
        if (chatbot.deployed() == deployed) {
            return new ApplyResult(ResourceKind.CHATBOT, chatbot.name(), Outcome.UNCHANGED);
        }
        resources.saveChatbot(chatbot.toBuilder().deployed(deployed).updatedAt(clock.instant()).build());
        return new ApplyResult(ResourceKind.CHATBOT, chatbot.name(), Outcome.UPDATED);
    }

    @Override
    public JsonObject exampleManifest(ResourceKind kind) {
        return ExampleManifests.of(kind);
    }

    /** Reading manifests needs the admin scope too: they show connections, plugins and providers. */
    private List<Account> visibleAccounts(Principal principal) {
        KeyScopes.requireAdmin(principal, "reading manifests (get, describe)");
        return principal instanceof Principal.AccountKey key ? List.of(ownAccount(key)) : resources.listAccounts();
    }

    private Account ownAccount(Principal.AccountKey key) {
        return lookup.findAccount(key.accountId())
                .orElseThrow(() -> PromptException.unauthenticated("the API key's account no longer exists"));
    }

    private static PromptException notFound(ResourceKind kind, String name) {
        return PromptException.notFound(kind.manifestName() + " " + name + " not found");
    }
}
