package sh.smarter.prompt.core.plugintarget;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.ProviderPresets;
import sh.smarter.prompt.core.resource.ProviderSettings;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * What SQL and API plugins may reach, as the operator set it: the JDBC drivers allowed besides MySQL and MariaDB,
 * the hosts API plugins may call although their addresses are loopback, private or link-local, and the
 * installation's own database, which no plugin connection may point at. Manifests never change these. Checked when
 * a connection is applied ({@link sh.smarter.prompt.core.manifest.ResourceService}) and again before every call
 * ({@link sh.smarter.prompt.core.tool.PluginRunner}, and the API adapter for each resolved address), so that a
 * connection stored before an upgrade or a setting change does not run either.
 *
 * @param sqlDrivers   JDBC sub-protocols allowed ({@code mysql}, {@code mariadb}, {@code h2}...), lower case
 * @param apiHosts     host names or literal addresses API plugins may call whatever they resolve to, lower case
 * @param ownDatabases the installation's database(s)
 */
public record PluginTargets(Set<String> sqlDrivers, Set<String> apiHosts, List<OwnDatabase> ownDatabases) {
    /** The drivers every installation allows. */
    public static final Set<String> DEFAULT_SQL_DRIVERS = Set.of("mysql", "mariadb");

    public PluginTargets {
        sqlDrivers = Set.copyOf(lowerCase(sqlDrivers, "SQL driver", "[a-z][a-z0-9]*"));
        apiHosts = Set.copyOf(lowerCase(apiHosts, "API host", "[A-Za-z0-9._:\\[\\]-]+"));
        ownDatabases = List.copyOf(ownDatabases);
    }

    /** MySQL and MariaDB only, no API host allowed beyond public addresses, no own database known. */
    public static PluginTargets defaults() {
        return new PluginTargets(DEFAULT_SQL_DRIVERS, Set.of(), List.of());
    }

    /** These drivers too (an operator setting, e.g. {@code h2}). */
    public PluginTargets allowingSqlDrivers(Collection<String> drivers) {
        Set<String> all = new LinkedHashSet<>(sqlDrivers);
        all.addAll(drivers);
        return new PluginTargets(all, apiHosts, ownDatabases);
    }

    /** These hosts too, whatever address they resolve to (an operator setting, e.g. {@code 127.0.0.1}). */
    public PluginTargets allowingApiHosts(Collection<String> hosts) {
        Set<String> all = new LinkedHashSet<>(apiHosts);
        for (String host : hosts) {
            String bare = host.strip().startsWith("[") && host.strip().endsWith("]")
                    ? host.strip().substring(1, host.strip().length() - 1) : host.strip();
            all.add(bare);
            if (bare.matches("[0-9.]+") || bare.contains(":")) {
                try {
                    // "::1" and "0:0:0:0:0:0:0:1" are one address: keep the form resolved addresses print in.
                    all.add(InetAddress.getByName(bare).getHostAddress());
                } catch (java.net.UnknownHostException e) {
                    throw PromptException.invalid("not a valid API host: " + host);
                }
            }
        }
        return new PluginTargets(sqlDrivers, all, ownDatabases);
    }

    /** The database this installation keeps its data in, which plugin connections must never reach. */
    public PluginTargets protecting(OwnDatabase database) {
        List<OwnDatabase> all = new ArrayList<>(ownDatabases);
        all.add(database);
        return new PluginTargets(sqlDrivers, apiHosts, all);
    }

    /** The SQL connection's driver, URL form, URL properties and place, and where its password comes from. */
    public Optional<TargetRefusal> checkSqlConnection(SqlConnection connection) {
        return SqlTargetRules.check(connection, sqlDrivers, ownDatabases)
                .or(() -> checkSecret(connection.password(), "spec.connection.passwordEnv"));
    }

    /** A SQL plugin's query on this connection (H2's file functions). */
    public Optional<TargetRefusal> checkSqlQuery(SqlConnection connection, String query) {
        return SqlTargetRules.checkQuery(connection, query);
    }

    /**
     * The API connection's base URL as written (literal addresses and local or metadata names), and where its
     * credential comes from.
     */
    public Optional<TargetRefusal> checkApiConnection(ApiConnection connection) {
        return ApiTargetRules.checkUrl(connection.baseUrl(), ApiTargetRules.BASE_URL_FIELD, apiHosts)
                .or(() -> checkSecret(connection.credential(), "spec.connection.apiKeyEnv"));
    }

    /**
     * Rule {@code secret-env}: a plugin connection's credential may come from an environment variable, but not from
     * one of this server's own (its database password, the built-in providers' keys): the connection's target would
     * receive it.
     */
    static Optional<TargetRefusal> checkSecret(Secret secret, String field) {
        if (!(secret instanceof Secret.FromEnvironment environment)) {
            return Optional.empty();
        }
        String variable = environment.variable();
        boolean own = variable.toUpperCase(Locale.ROOT).startsWith("SMARTER_PROMPT_")
                || ProviderPresets.all().stream().map(ProviderSettings::apiKey).anyMatch(key ->
                        key instanceof Secret.FromEnvironment preset && preset.variable().equalsIgnoreCase(variable));
        return own ? Optional.of(new TargetRefusal(field, "secret-env", variable + " is one of this server's own "
                + "settings; a plugin connection's target would receive it")) : Optional.empty();
    }

    /** A URL an API call is about to go to (a redirect's target, say), as written. */
    public Optional<TargetRefusal> checkApiUrl(String url, String field) {
        return ApiTargetRules.checkUrl(url, field, apiHosts);
    }

    /** One address {@code host} resolved to, just before the call connects to it. */
    public Optional<TargetRefusal> checkApiAddress(String host, InetAddress address, String field) {
        return ApiTargetRules.checkAddress(host, address, field, apiHosts);
    }

    /** Why an address is never called unless allowed ("a loopback address"), or empty for a public one. */
    public static Optional<String> refusedKind(InetAddress address) {
        return ApiTargetRules.refusedKind(address);
    }

    private static Set<String> lowerCase(Collection<String> values, String what, String pattern) {
        Set<String> result = new LinkedHashSet<>();
        for (String value : values) {
            String text = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            if (!text.matches(pattern)) {
                throw PromptException.invalid("not a valid " + what + ": " + value);
            }
            result.add(text);
        }
        return result;
    }
}
