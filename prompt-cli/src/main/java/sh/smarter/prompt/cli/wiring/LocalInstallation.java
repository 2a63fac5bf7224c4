package sh.smarter.prompt.cli.wiring;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import sh.smarter.prompt.cli.failure.Causes;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.logging.Redaction;
import sh.smarter.prompt.cli.settings.ProviderPresetSettings;
import sh.smarter.prompt.cli.settings.ResolvedSettings;
import sh.smarter.prompt.cli.settings.Setting;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.inmemory.CachingResourceCatalog;
import sh.smarter.prompt.core.plugintarget.OwnDatabase;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.provider.ChatCompletionProvider;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resourceadmin.ManageResourcesUseCase;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.JpaPersistence;
import sh.smarter.prompt.persistence.database.SchemaStatus;
import sh.smarter.prompt.providers.api.HttpApiPluginExecutor;
import sh.smarter.prompt.providers.openai.OpenAiCompatibleProvider;
import sh.smarter.prompt.providers.openai.OpenAiSettings;
import sh.smarter.prompt.providers.sql.JdbcSqlPluginExecutor;
import sh.smarter.prompt.providers.weather.OpenMeteoWeatherService;

/**
 * The composition root: the database (JPA on H2 or MySQL, migrated on open), the provider and plugin adapters, and
 * the engine wired to them. Commands that work on this installation's data open one, use it and close it; {@code
 * serve} keeps it open while the server runs.
 */
public final class LocalInstallation implements AutoCloseable {
    /** H2's error code for a database file that another process holds open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;
    /**
     * How often the remembered chatbot, plugin and provider lookups are checked against the catalog's version. Changes
     * through this process are seen at once; a `prompt apply` from another process on the same database is seen by a
     * running server within this time.
     */
    static final Duration RESOURCE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final JpaPersistence persistence;
    private final JdbcSqlPluginExecutor sqlPlugins;
    private final PromptEngine engine;

    private LocalInstallation(JpaPersistence persistence, JdbcSqlPluginExecutor sqlPlugins, PromptEngine engine) {
        this.persistence = persistence;
        this.sqlPlugins = sqlPlugins;
        this.engine = engine;
    }

    /** Opens the database the settings name (migrating it) and wires the engine to it. */
    public static LocalInstallation open(ResolvedSettings settings, Map<String, String> environment, Clock clock) {
        return open(settings, environment, clock, Monitoring.NONE);
    }

    /** The same, measured and logged as {@code monitoring} says (a server's turns, pool and retries). */
    public static LocalInstallation open(ResolvedSettings settings, Map<String, String> environment, Clock clock,
                                         Monitoring monitoring) {
        DatabaseSettings database = database(settings);
        PluginTargets targets = pluginTargets(settings, database);
        JpaPersistence persistence = openDatabase(database);
        try {
            monitoring.bindDatabase(persistence.dataSource());
            Function<String, String> adapterEnvironment = ProviderPresetSettings.environment(settings, environment);
            ChatCompletionProvider provider = new PresetBaseUrls(
                    new OpenAiCompatibleProvider(OpenAiSettings.DEFAULTS, adapterEnvironment,
                            monitoring.providerRetries()),
                    ProviderPresetSettings.baseUrlOverrides(settings));
            JdbcSqlPluginExecutor sqlPlugins =
                    new JdbcSqlPluginExecutor(JdbcSqlPluginExecutor.Settings.DEFAULTS, adapterEnvironment);
            PromptEngine engine = PromptEngine.builder()
                    .turnStore(persistence.turnStore())
                    .sessionHistory(persistence.sessionHistory())
                    .sessionMaintenance(persistence.sessionMaintenance())
                    .tokenUsageTotals(persistence.tokenUsageTotals())
                    .resourceCatalog(new CachingResourceCatalog(persistence.resourceCatalog(), RESOURCE_CHECK_INTERVAL))
                    .chatCompletionProvider(provider)
                    .weatherService(new OpenMeteoWeatherService())
                    .sqlPluginExecutor(sqlPlugins)
                    .apiPluginExecutor(new HttpApiPluginExecutor(HttpApiPluginExecutor.Settings.DEFAULTS,
                            adapterEnvironment, targets))
                    .pluginTargets(targets)
                    .clock(clock)
                    .turnMetrics(monitoring.turnMetrics())
                    .build();
            return new LocalInstallation(persistence, sqlPlugins, engine);
        } catch (RuntimeException e) {
            persistence.close();
            throw e;
        }
    }

    /**
     * The operator's plugin target settings, and this installation's own database, which plugins never reach. A
     * built-in provider's key is bound to its host and, when the operator moved the provider ({@code
     * OPENAI_BASE_URL}...), to that host too.
     */
    static PluginTargets pluginTargets(ResolvedSettings settings, DatabaseSettings database) {
        try {
            PluginTargets targets = PluginTargets.defaults()
                    .allowingSqlDrivers(settings.allowedSqlDrivers())
                    .allowingApiHosts(settings.allowedApiHosts())
                    .bindingSecrets(settings.allowedSecretEnv())
                    .protecting(new OwnDatabase(database.jdbcUrl()));
            for (Map.Entry<String, String> moved : ProviderPresetSettings.baseUrlOverrides(settings).entrySet()) {
                if (ProviderPresets.find(moved.getKey()).map(ProviderSettings::apiKey).orElse(null)
                        instanceof Secret.FromEnvironment key) {
                    targets = targets.bindingSecret(key.variable(), moved.getValue());
                }
            }
            return targets;
        } catch (PromptException e) {
            throw CliFailure.usage(e.getMessage() + " (" + Setting.ALLOW_SQL_DRIVERS.flag() + ", "
                    + Setting.ALLOW_API_HOSTS.flag() + ", " + Setting.ALLOW_SECRET_ENV.flag() + ")");
        }
    }

    private static JpaPersistence openDatabase(DatabaseSettings database) {
        try {
            return JpaPersistence.open(database);
        } catch (RuntimeException e) {
            boolean inUse = Causes.find(e, SQLException.class)
                    .filter(sql -> sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN).isPresent();
            if (inUse) {
                // One process at a time may open an embedded H2 file; the usual other one is a running server.
                throw CliFailure.failed("the embedded database " + label(database) + " is in use by another "
                        + "process, probably `prompt serve`: stop it, use --server http://127.0.0.1:8080/ "
                        + "for chat, or --data-dir for another database", e);
            }
            throw e;
        }
    }

    /** The embedded H2 database in the data directory unless a database URL is set. */
    public static DatabaseSettings database(ResolvedSettings settings) {
        DatabaseSettings database = settings.databaseUrl()
                .map(url -> DatabaseSettings.of(url, settings.databaseUser().orElse(null),
                        settings.databasePassword().orElse(null)))
                .orElseGet(() -> DatabaseSettings.embeddedH2(settings.dataDir()));
        database = settings.databasePoolWait().map(database::withConnectionTimeout).orElse(database);
        return settings.databaseStatementTimeout().map(database::withStatementTimeout).orElse(database);
    }

    public PromptEngine engine() {
        return engine;
    }

    public ManageResourcesUseCase resources() {
        return engine.resources();
    }

    /** The schema's migrations: all applied, since opening migrates. */
    public SchemaStatus schema() {
        return persistence.migrationInfo();
    }

    /** The database URL without secrets, for messages. */
    public String databaseLabel() {
        return label(persistence.settings());
    }

    public static String label(DatabaseSettings database) {
        String url = Redaction.scrub(database.jdbcUrl());
        // H2 options after ';' are this program's own; the path is what a person wants to see.
        int options = url.indexOf(';');
        return options > 0 && database.isH2() ? url.substring(0, options) : url;
    }

    @Override
    public void close() {
        try {
            sqlPlugins.close();
        } finally {
            persistence.close();
        }
    }
}
