package sh.smarter.prompt.core.plugintarget;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import sh.smarter.prompt.core.resource.SqlConnection;

/**
 * The rules a SQL connection's JDBC URL must pass, in the order they are checked: {@code sql-driver} (the driver is
 * one the operator allows), {@code sql-url-form} (one plain host, or an ordinary H2 database), {@code
 * sql-url-property} (no property that reaches this server's files or code, or makes the driver deserialise what
 * the database sends) and {@code own-database} (not the database this installation stores its data in). A SQL
 * plugin's query on H2 must not call H2's file functions ({@code h2-file-function}).
 */
final class SqlTargetRules {
    static final String URL_FIELD = "spec.connection.url";
    static final String QUERY_FIELD = "spec.sqlData.sqlQuery";

    /**
     * Connector/J (and MariaDB Connector/J) properties that reach files, code or deserialisation, or route the
     * connection where these rules cannot see it; keys in lower case, as the drivers match them.
     */
    private static final Map<String, String> MYSQL_PROPERTIES = mysqlProperties();
    /** H2 settings that run SQL or load classes when the database opens, or write files beside it. */
    private static final Map<String, String> H2_SETTINGS = Map.of(
            "INIT", "runs SQL (RUNSCRIPT, CREATE ALIAS...) inside this server when the database opens",
            "DATABASE_EVENT_LISTENER", "loads a Java class of the URL's choosing into this server",
            "JAVA_OBJECT_SERIALIZER", "loads a Java class of the URL's choosing into this server",
            "AUTHENTICATOR", "loads a Java class of the URL's choosing into this server",
            "TRACE_LEVEL_FILE", "writes trace files on this server",
            "RECOVER", "rewrites database files on this server");
    /** Words that only mean harm in an H2 URL's settings, whatever setting carries them. */
    private static final List<String> H2_WORDS = List.of("RUNSCRIPT", "CREATE ALIAS", "CREATE TRIGGER",
            "FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE", "LINK_SCHEMA", "LINKED TABLE", "SCRIPT", "BACKUP");
    /** H2 functions that read or write this server's files or open other databases. */
    private static final List<String> H2_FILE_FUNCTIONS = List.of("FILE_READ", "FILE_WRITE", "CSVREAD", "CSVWRITE",
            "LINK_SCHEMA");

    private SqlTargetRules() {
    }

    static Optional<TargetRefusal> check(SqlConnection connection, Set<String> drivers, Collection<OwnDatabase> own) {
        Optional<JdbcUrl> parsed = JdbcUrl.parse(connection.jdbcUrl());
        if (parsed.isEmpty()) {
            return refuse("sql-url-form", "must be a JDBC URL (jdbc:driver:...)");
        }
        JdbcUrl url = parsed.get();
        if (!drivers.contains(url.driver())) {
            return refuse("sql-driver", "the " + url.driver() + " driver is not enabled on this server (allowed: "
                    + String.join(", ", new TreeSet<>(drivers)) + "); only the operator can enable another driver,"
                    + " in the server settings, never a manifest");
        }
        if (url.formProblem() != null) {
            return refuse("sql-url-form", url.formProblem());
        }
        Optional<TargetRefusal> property = url.driver().equals("h2") ? h2Settings(connection.jdbcUrl(), url)
                : mysqlProperties(url);
        if (property.isPresent()) {
            return property;
        }
        for (OwnDatabase database : own) {
            Optional<JdbcUrl> ours = JdbcUrl.parse(database.jdbcUrl());
            if (ours.isPresent() && samePlace(url, ours.get())) {
                return refuse("own-database", "it points at the database this installation stores its sessions "
                        + "and resources in (" + url.place() + ")");
            }
        }
        return Optional.empty();
    }

    static Optional<TargetRefusal> checkQuery(SqlConnection connection, String query) {
        boolean h2 = JdbcUrl.parse(connection.jdbcUrl()).map(url -> url.driver().equals("h2")).orElse(false);
        if (!h2 || query == null) {
            return Optional.empty();
        }
        String upper = query.toUpperCase(Locale.ROOT);
        for (String function : H2_FILE_FUNCTIONS) {
            if (upper.matches("(?s).*\\b" + function + "\\s*\\(.*")) {
                return Optional.of(new TargetRefusal(QUERY_FIELD, "h2-file-function", "it calls " + function
                        + ", which reaches this server's files or other databases"));
            }
        }
        return Optional.empty();
    }

    private static Optional<TargetRefusal> mysqlProperties(JdbcUrl url) {
        for (String property : url.properties()) {
            String reason = MYSQL_PROPERTIES.get(property.toLowerCase(Locale.ROOT));
            if (reason != null) {
                return refuse("sql-url-property", "property " + property + " " + reason);
            }
        }
        return Optional.empty();
    }

    private static Optional<TargetRefusal> h2Settings(String text, JdbcUrl url) {
        for (String setting : url.properties()) {
            String reason = H2_SETTINGS.get(setting.toUpperCase(Locale.ROOT));
            if (reason != null) {
                return refuse("sql-url-property", "setting " + setting + " " + reason);
            }
        }
        int settings = text.indexOf(';');
        String upper = settings < 0 ? "" : text.substring(settings).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (String word : H2_WORDS) {
            if (upper.contains(word)) {
                return refuse("sql-url-property", "its settings contain " + word + ", which reaches this server's "
                        + "files or code");
            }
        }
        return Optional.empty();
    }

    private static boolean samePlace(JdbcUrl candidate, JdbcUrl ours) {
        if (ours.file() != null) {
            if (candidate.file() != null) {
                return candidate.file().equals(ours.file());
            }
            // The embedded file served over TCP (AUTO_SERVER) by its path.
            return candidate.driver().equals("h2") && candidate.host() != null
                    && h2PathMatches(candidate.database(), ours);
        }
        boolean mysqlFamily = Set.of("mysql", "mariadb").contains(candidate.driver())
                && Set.of("mysql", "mariadb").contains(ours.driver());
        return mysqlFamily && candidate.port() == ours.port() && candidate.database().equalsIgnoreCase(ours.database())
                && sameHost(candidate.host(), ours.host());
    }

    private static boolean h2PathMatches(String serverPath, JdbcUrl ours) {
        Optional<JdbcUrl> asFile = JdbcUrl.parse("jdbc:h2:" + serverPath);
        return asFile.map(JdbcUrl::file).map(ours.file()::equals).orElse(false)
                || serverPath.endsWith(ours.file().getFileName().toString());
    }

    /** The same name, both loopback, or any address in common. */
    static boolean sameHost(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            List<InetAddress> first = Arrays.asList(InetAddress.getAllByName(a));
            List<InetAddress> second = Arrays.asList(InetAddress.getAllByName(b));
            if (first.stream().allMatch(InetAddress::isLoopbackAddress)
                    && second.stream().allMatch(InetAddress::isLoopbackAddress)) {
                return true;
            }
            return first.stream().anyMatch(second::contains);
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static Optional<TargetRefusal> refuse(String rule, String reason) {
        return Optional.of(new TargetRefusal(URL_FIELD, rule, reason));
    }

    private static Map<String, String> mysqlProperties() {
        String files = "lets the database server read this server's files (LOAD DATA LOCAL INFILE)";
        String code = "loads a Java class of the URL's choosing into this server";
        String reads = "makes the driver read a file (or URL) of this server";
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("allowloadlocalinfile", files);
        refused.put("allowloadlocalinfileinpath", files);
        refused.put("allowlocalinfile", files);
        refused.put("allowurlinlocalinfile", "lets LOAD DATA LOCAL INFILE read URLs and files of this server");
        refused.put("autodeserialize", "makes the driver deserialise Java objects the database server sends");
        for (String property : List.of("queryInterceptors", "statementInterceptors",
                "connectionLifecycleInterceptors", "exceptionInterceptors", "socketFactory", "propertiesTransform",
                "clientInfoProvider", "authenticationPlugins", "defaultAuthenticationPlugin", "loadBalanceStrategy",
                "ha.loadBalanceStrategy", "loadBalanceExceptionChecker", "logger", "profilerEventHandler",
                "authenticationFidoCallbackHandler", "authenticationWebAuthnCallbackHandler",
                "authenticationOpenidConnectCallbackHandler", "serverConfigCacheFactory", "parseInfoCacheFactory",
                "tlsSocketType", "useConfigs")) {
            refused.put(property.toLowerCase(Locale.ROOT), code);
        }
        for (String property : List.of("serverRsaPublicKeyFile", "trustCertificateKeyStoreUrl",
                "clientCertificateKeyStoreUrl", "ociConfigFile", "idTokenFile", "keyStore", "trustStore",
                "serverSslCert")) {
            refused.put(property.toLowerCase(Locale.ROOT), reads);
        }
        refused.put("credentialtype", "makes the driver take credentials from this server's environment or settings");
        refused.put("allowmultiqueries", "lets one query carry several statements");
        String elsewhere = "connects somewhere the URL's host does not say (a local socket, a pipe, DNS SRV or a"
                + " proxy)";
        for (String property : List.of("localSocket", "pipe", "namedPipePath", "dnsSrv", "socksProxyHost",
                "socksProxyRemoteDns")) {
            refused.put(property.toLowerCase(Locale.ROOT), elsewhere);
        }
        return Map.copyOf(refused);
    }
}
