package sh.smarter.prompt.core.manifest;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;

/** Reads the connections plugins use: SqlConnection and ApiConnection manifests. */
final class ConnectionReader {
    private static final Set<String> AUTHENTICATION_METHODS = Set.of("none", "bearer", "basic", "header");

    private ConnectionReader() {
    }

    static SqlConnection sqlConnection(JsonObject manifest, Instant now) {
        return ManifestEnvelope.read(manifest, EnumSet.of(ResourceKind.SQL_CONNECTION), (kind, metadata, spec) ->
                spec.requiredObject("connection", connection -> {
                    // Pooling and transport are the SQL adapter's business, not the manifest's.
                    connection.ignore("authenticationMethod", "maxOverflow", "poolSize", "useSsl");
                    String url = jdbcUrl(connection);
                    String username = connection.string("username");
                    Secret password = connection.secret("password", "passwordEnv",
                            connection.string("passwordEnv"));
                    Integer timeout = connection.positiveInteger("timeout");
                    return connection.build(() -> new SqlConnection(0, 0, metadata.name(), url, username, password,
                            timeout == null ? 0 : timeout, now, now));
                }));
    }

    /** A JDBC URL as given, or built for MySQL from the host, port and database that Smarter manifests carry. */
    private static String jdbcUrl(Fields connection) {
        String engine = connection.string("dbEngine");
        if (connection.has("url")) {
            if (connection.has("hostname") || connection.has("port") || connection.has("database")) {
                throw connection.invalid("url", "excludes hostname, port and database; give one or the other");
            }
            String url = connection.string("url");
            if (!url.startsWith("jdbc:")) {
                throw connection.invalid("url", "must be a JDBC URL (jdbc:...)");
            }
            return url;
        }
        if (engine != null && !engine.toLowerCase(Locale.ROOT).contains("mysql")) {
            throw connection.invalid("dbEngine", "must be mysql when " + connection.pathOf("url") + " is not given");
        }
        if (!connection.has("hostname")) {
            throw connection.invalid("url", "is required (or hostname and database of a MySQL server)");
        }
        String hostname = connection.requiredString("hostname");
        Integer port = connection.integerBetween("port", 1, 65535);
        String database = connection.requiredString("database");
        return "jdbc:mysql://" + hostname + ":" + (port == null ? 3306 : port) + "/" + database;
    }

    static ApiConnection apiConnection(JsonObject manifest, Instant now) {
        return ManifestEnvelope.read(manifest, EnumSet.of(ResourceKind.API_CONNECTION), (kind, metadata, spec) ->
                spec.requiredObject("connection", connection -> {
                    // Request details belong to each API plugin; pooling and transport to the HTTP adapter.
                    connection.ignore("headers", "method", "parameters", "port", "useSsl", "maxOverflow", "poolSize");
                    String baseUrl = connection.httpUrl("baseUrl", connection.string("baseUrl"));
                    String scheme = connection.string("authenticationMethod");
                    if (scheme != null && !AUTHENTICATION_METHODS.contains(scheme)) {
                        throw connection.invalid("authenticationMethod", "must be one of none, bearer, basic, header");
                    }
                    String authHeader = connection.string("authHeader");
                    if ("header".equals(scheme) && authHeader == null) {
                        throw connection.invalid("authHeader", "is required when authenticationMethod is header");
                    }
                    Secret apiKey = connection.secret("apiKey", "apiKeyEnv", connection.string("apiKeyEnv"));
                    if (scheme != null && !scheme.equals("none") && apiKey instanceof Secret.None) {
                        throw connection.invalid("apiKey", "(or apiKeyEnv) is required when authenticationMethod is "
                                + scheme);
                    }
                    Integer timeout = connection.positiveInteger("timeout");
                    return connection.build(() -> new ApiConnection(0, 0, metadata.name(), baseUrl, scheme,
                            authHeader, apiKey, timeout == null ? 0 : timeout, now, now));
                }));
    }
}
