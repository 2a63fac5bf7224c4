package sh.smarter.prompt.core.plugintarget;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * a connection is applied ({@link sh.smarter.prompt.core.resourceadmin.ResourceService}) and again before every call
 * ({@link sh.smarter.prompt.core.tool.PluginRunner}, and the API adapter for each resolved address), so that a
 * connection stored before an upgrade or a setting change does not run either.
 *
 * <p>The same settings say where a secret that a manifest names by environment variable may be sent (rule
 * {@code secret-env}): the variables are the operator's, so the operator binds each one to the host(s) that may
 * receive it. A Provider's key goes to its base URL on every prompt and may come only from a variable bound to that
 * URL's host; a plugin connection may also name a variable nobody bound, but a bound one only towards its hosts.
 * {@code SMARTER_PROMPT_*} (the database password among them) is never sent anywhere.
 *
 * @param sqlDrivers   JDBC sub-protocols allowed ({@code mysql}, {@code mariadb}, {@code h2}...), lower case
 * @param apiHosts     host names or literal addresses API plugins may call whatever they resolve to, lower case
 * @param ownDatabases the installation's database(s)
 * @param secretHosts  environment variable (upper case) to the hosts (lower case) its value may be sent to
 */
public record PluginTargets(Set<String> sqlDrivers, Set<String> apiHosts, List<OwnDatabase> ownDatabases,
                            Map<String, Set<String>> secretHosts) {
    /** The drivers every installation allows. */
    public static final Set<String> DEFAULT_SQL_DRIVERS = Set.of("mysql", "mariadb");
    private static final String HOST_PATTERN = "[A-Za-z0-9._:\\[\\]-]+";
    private static final String SERVER_VARIABLES = "SMARTER_PROMPT_";

    public PluginTargets {
        sqlDrivers = Set.copyOf(lowerCase(sqlDrivers, "SQL driver", "[a-z][a-z0-9]*"));
        apiHosts = Set.copyOf(lowerCase(apiHosts, "API host", HOST_PATTERN));
        ownDatabases = List.copyOf(ownDatabases);
        Map<String, Set<String>> bindings = new LinkedHashMap<>();
        secretHosts.forEach((variable, hosts) -> bindings.put(variable.toUpperCase(Locale.ROOT),
                Set.copyOf(lowerCase(hosts, "host for " + variable, HOST_PATTERN))));
        secretHosts = Map.copyOf(bindings);
    }

    /**
     * MySQL and MariaDB only, no API host allowed beyond public addresses, no own database known; each built-in
     * provider's key ({@code OPENAI_API_KEY}...) bound to that provider's host ({@code api.openai.com}...).
     */
    public static PluginTargets defaults() {
        Map<String, Set<String>> presetKeys = new LinkedHashMap<>();
        for (ProviderSettings preset : ProviderPresets.all()) {
            if (preset.apiKey() instanceof Secret.FromEnvironment key) {
                presetKeys.put(key.variable(), Set.of(ApiTargetRules.hostOf(preset.baseUrl())));
            }
        }
        return new PluginTargets(DEFAULT_SQL_DRIVERS, Set.of(), List.of(), presetKeys);
    }

    /**
     * Lets the value of an environment variable go to this host too (an operator setting, {@code NAME=HOST}; the
     * host of a URL is taken as the host). {@code SMARTER_PROMPT_*} cannot be bound.
     */
    public PluginTargets bindingSecret(String variable, String hostOrUrl) {
        String name = variable == null ? "" : variable.strip();
        String host = hostOrUrl == null ? "" : hostOrUrl.strip();
        if (host.contains("://")) {
            host = ApiTargetRules.hostOf(host) == null ? "" : ApiTargetRules.hostOf(host);
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*") || host.isEmpty()) {
            throw PromptException.invalid("not a valid secret binding (NAME=HOST): " + variable + "=" + hostOrUrl);
        }
        if (name.toUpperCase(Locale.ROOT).startsWith(SERVER_VARIABLES)) {
            throw PromptException.invalid(name + " is one of this server's own settings and cannot be bound to a "
                    + "host");
        }
        Map<String, Set<String>> all = new LinkedHashMap<>(secretHosts);
        Set<String> hosts = new TreeSet<>(all.getOrDefault(name.toUpperCase(Locale.ROOT), Set.of()));
        hosts.add(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
        all.put(name.toUpperCase(Locale.ROOT), hosts);
        return new PluginTargets(sqlDrivers, apiHosts, ownDatabases, all);
    }

    /** {@link #bindingSecret} for each {@code NAME=HOST} entry. */
    public PluginTargets bindingSecrets(Collection<String> entries) {
        PluginTargets targets = this;
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                throw PromptException.invalid("not a valid secret binding (NAME=HOST): " + entry);
            }
            targets = targets.bindingSecret(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return targets;
    }

    /** These drivers too (an operator setting, e.g. {@code h2}). */
    public PluginTargets allowingSqlDrivers(Collection<String> drivers) {
        Set<String> all = new LinkedHashSet<>(sqlDrivers);
        all.addAll(drivers);
        return new PluginTargets(all, apiHosts, ownDatabases, secretHosts);
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
        return new PluginTargets(sqlDrivers, all, ownDatabases, secretHosts);
    }

    /** The database this installation keeps its data in, which plugin connections must never reach. */
    public PluginTargets protecting(OwnDatabase database) {
        List<OwnDatabase> all = new ArrayList<>(ownDatabases);
        all.add(database);
        return new PluginTargets(sqlDrivers, apiHosts, all, secretHosts);
    }

    /** The SQL connection's driver, URL form, URL properties and place, and where its password comes from. */
    public Optional<TargetRefusal> checkSqlConnection(SqlConnection connection) {
        return SqlTargetRules.check(connection, sqlDrivers, ownDatabases)
                .or(() -> checkSecret(connection.password(), "spec.connection.passwordEnv",
                        JdbcUrl.parse(connection.jdbcUrl()).map(JdbcUrl::host).orElse(null), false));
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
                .or(() -> checkSecret(connection.credential(), "spec.connection.apiKeyEnv",
                        ApiTargetRules.hostOf(connection.baseUrl()), false));
    }

    /**
     * A Provider's key, which goes to its base URL with every prompt: from a variable the operator bound to that
     * URL's host, or stored in the manifest (the account's own key), or none. Checked at apply and before each call.
     */
    public Optional<TargetRefusal> checkProvider(ProviderSettings provider) {
        return checkSecret(provider.apiKey(), "spec.provider.apiKeyEnv", ApiTargetRules.hostOf(provider.baseUrl()),
                true);
    }

    /**
     * Rule {@code secret-env}: a secret named by environment variable goes only where the operator bound that
     * variable. Never one of this server's own settings; a bound variable only to its hosts; an unbound one only
     * when {@code boundOnly} is false (plugin connections, as before the bindings existed).
     *
     * @param host where the value would be sent (lower case), or null when the target has no host (an H2 file)
     */
    private Optional<TargetRefusal> checkSecret(Secret secret, String field, String host, boolean boundOnly) {
        if (!(secret instanceof Secret.FromEnvironment environment)) {
            return Optional.empty();
        }
        String variable = environment.variable();
        if (variable.toUpperCase(Locale.ROOT).startsWith(SERVER_VARIABLES)) {
            return Optional.of(new TargetRefusal(field, "secret-env", variable + " is one of this server's own "
                    + "settings; " + (boundOnly ? "the provider" : "a plugin connection's target")
                    + " would receive it"));
        }
        Set<String> hosts = secretHosts.get(variable.toUpperCase(Locale.ROOT));
        String target = host == null ? "a target without a host" : host;
        if (hosts == null) {
            return boundOnly ? Optional.of(new TargetRefusal(field, "secret-env", variable + " is not bound to "
                    + target + ": the operator binds an environment variable to the hosts that may receive it "
                    + "(server setting allow-secret-env NAME=HOST)")) : Optional.empty();
        }
        return host != null && hosts.contains(host) ? Optional.empty() : Optional.of(new TargetRefusal(field,
                "secret-env", variable + " may be sent only to " + String.join(", ", new TreeSet<>(hosts))
                + ", not to " + target + " (the operator binds more hosts in the server settings)"));
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
