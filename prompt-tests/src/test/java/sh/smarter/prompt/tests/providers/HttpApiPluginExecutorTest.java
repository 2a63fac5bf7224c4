package sh.smarter.prompt.tests.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.providers.api.HttpApiPluginExecutor;

/** API plugins against a local HTTP API: what is sent, and what comes back to the model. */
class HttpApiPluginExecutorTest {
    private static final String TOKEN = "api-token-0123456789";

    /** A request the local API received. */
    private record Received(String method, String path, String rawQuery, Map<String, List<String>> headers,
                            String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String query() {
            return rawQuery == null ? "" : URLDecoder.decode(rawQuery, StandardCharsets.UTF_8);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    /** The fake API listens on loopback, which the operator has to allow (README "Plugin targets"). */
    private final HttpApiPluginExecutor executor = new HttpApiPluginExecutor(HttpApiPluginExecutor.Settings.DEFAULTS,
            Map.of("COURSES_API_TOKEN", TOKEN)::get, PluginTargets.defaults().allowingApiHosts(List.of("127.0.0.1")));
    private HttpServer api;

    @BeforeEach
    void startApi() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        api.setExecutor(threads);
        api.createContext("/", this::answer);
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
        threads.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        switch (path) {
            case "/api/courses/", "/api/courses/7" ->
                    send(exchange, 200, "application/json", "{\"courses\":[{\"id\":7,\"title\":\"Intro to AI\"}]}");
            case "/api/text" -> send(exchange, 200, "text/plain; charset=utf-8", "plain words");
            case "/api/moved" -> redirect(exchange, 302, "/api/courses/");
            case "/api/to-localhost" -> redirect(exchange, 302, "http://localhost:" + api.getAddress().getPort()
                    + "/api/courses/");
            case "/api/to-metadata" -> redirect(exchange, 307, "http://169.254.169.254/latest/meta-data/");
            case "/api/missing" -> send(exchange, 404, "application/json", "{\"detail\":\"no such course\"}");
            case "/api/huge" -> sendHuge(exchange);
            case "/api/slow" -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, "application/json", "{}");
            }
            default -> send(exchange, 500, "text/plain", "unexpected " + path);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** 2 MB without a Content-Length, so only reading can tell how big it is. */
    private static void sendHuge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] block = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 32; i++) {
                out.write(block);
            }
        } catch (IOException clientWentAway) {
            // Expected: the executor stops reading after 1 MB.
        }
    }

    private ApiConnection connection(String authScheme, String authHeader, Secret credential, int timeoutSeconds) {
        return new ApiConnection(1, 1, "courses_api", "http://127.0.0.1:" + api.getAddress().getPort() + "/api/",
                authScheme, authHeader, credential, timeoutSeconds, Instant.EPOCH, Instant.EPOCH);
    }

    private ApiConnection connection() {
        return connection("bearer", null, Secret.env("COURSES_API_TOKEN"), 2);
    }

    private static PluginData.ApiData call(String endpoint, String method) {
        return new PluginData.ApiData("courses_api", endpoint, method, Map.of("X-Client", "smarter-tests"));
    }

    private static JsonObject args(String json) {
        return (JsonObject) Json.parse(json);
    }

    private static String errorOf(Json result) {
        return ((JsonObject) result).string("error").orElseThrow(() -> new AssertionError("no error: " + result));
    }

    @Test
    void a_loopback_api_is_refused_unless_the_operator_allows_it_and_is_never_called() {
        HttpApiPluginExecutor strict = new HttpApiPluginExecutor(HttpApiPluginExecutor.Settings.DEFAULTS,
                Map.of("COURSES_API_TOKEN", TOKEN)::get, PluginTargets.defaults());

        Json result = strict.execute(connection(), call("/courses/", "GET"), args("{}"));

        assertThat(errorOf(result)).isEqualTo("API connection courses_api cannot be used: spec.connection.baseUrl is "
                + "refused by the plugin target rule api-address: 127.0.0.1 resolves to 127.0.0.1, a loopback "
                + "address; this server calls no such address unless the operator allows the host in the server "
                + "settings");
        assertThat(received).isEmpty();
    }

    @Test
    void a_name_is_checked_by_the_addresses_it_resolves_to_when_the_call_is_made() throws Exception {
        // This machine's own name resolves to a loopback address (127.0.1.1 on Debian, 127.0.0.1 in containers).
        String name = InetAddress.getLocalHost().getHostName();
        Assumptions.assumeTrue(Arrays.stream(InetAddress.getAllByName(name)).allMatch(InetAddress::isLoopbackAddress),
                name + " does not resolve to loopback only here");
        HttpApiPluginExecutor strict = new HttpApiPluginExecutor(HttpApiPluginExecutor.Settings.DEFAULTS,
                Map.of("COURSES_API_TOKEN", TOKEN)::get, PluginTargets.defaults());
        ApiConnection byName = new ApiConnection(1, 1, "courses_api", "http://" + name + ":"
                + api.getAddress().getPort() + "/api/", "none", null, Secret.NONE, 2, Instant.EPOCH, Instant.EPOCH);

        Json result = strict.execute(byName, call("/courses/", "GET"), args("{}"));

        assertThat(errorOf(result)).contains("api-address: " + name.toLowerCase(java.util.Locale.ROOT)
                + " resolves to 127.", "a loopback address");
        assertThat(received).isEmpty();
    }

    @Test
    void a_redirect_is_followed_to_an_allowed_target_and_refused_to_a_local_or_metadata_one() {
        Json moved = executor.execute(connection(), call("/moved", "GET"), args("{}"));
        assertThat(moved.toJson()).isEqualTo("{\"courses\":[{\"id\":7,\"title\":\"Intro to AI\"}]}");
        assertThat(received).extracting(Received::path).containsExactly("/api/moved", "/api/courses/");
        assertThat(received.get(1).header("Authorization")).as("same origin keeps the credential")
                .isEqualTo("Bearer " + TOKEN);
        received.clear();

        Json local = executor.execute(connection(), call("/to-localhost", "GET"), args("{}"));
        assertThat(errorOf(local)).contains("the API's redirect (Location) is refused by the plugin target rule "
                + "api-address: localhost names this machine");
        Json metadata = executor.execute(connection(), call("/to-metadata", "POST"), args("{}"));
        assertThat(errorOf(metadata)).contains("api-address: 169.254.169.254 resolves to 169.254.169.254, a "
                + "link-local address");
        assertThat(received).as("the refused targets were not called").extracting(Received::path)
                .containsExactly("/api/to-localhost", "/api/to-metadata");
    }

    @Test
    void get_sends_arguments_as_url_encoded_query_parameters_with_headers_and_bearer_auth() {
        Json result = executor.execute(connection(), call("/courses/", "GET"),
                args("{\"q\":\"AI & ML\",\"max_cost\":500,\"online\":true,\"level\":null}"));

        assertThat(result).isEqualTo(Json.parse("{\"courses\":[{\"id\":7,\"title\":\"Intro to AI\"}]}"));
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/courses/");
        assertThat(request.rawQuery()).isEqualTo("q=AI%20%26%20ML&max_cost=500&online=true");
        assertThat(request.query()).isEqualTo("q=AI & ML&max_cost=500&online=true");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("X-Client")).isEqualTo("smarter-tests");
    }

    @Test
    void post_sends_the_arguments_as_a_json_body() {
        executor.execute(connection(), call("courses/", "POST"),
                args("{\"q\":\"AI\",\"max_cost\":500.5,\"tags\":[\"ml\",\"nlp\"],\"level\":null}"));

        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(Json.parse(request.body())).isEqualTo(Json.parse(
                "{\"q\":\"AI\",\"max_cost\":500.5,\"tags\":[\"ml\",\"nlp\"]}"));
    }

    @Test
    void a_path_placeholder_takes_its_argument_out_of_the_query() {
        executor.execute(connection(), call("/courses/{id}", "GET"), args("{\"id\":7,\"verbose\":true}"));

        assertThat(received.get(0).path()).isEqualTo("/api/courses/7");
        assertThat(received.get(0).rawQuery()).isEqualTo("verbose=true");
    }

    @Test
    void basic_and_custom_header_auth_are_sent_as_configured() {
        executor.execute(connection("basic", null, Secret.value("alice:s3cret"), 2), call("/courses/", "GET"),
                JsonObject.EMPTY);
        executor.execute(connection("header", "X-Api-Key", Secret.env("COURSES_API_TOKEN"), 2),
                call("/courses/", "GET"), JsonObject.EMPTY);
        executor.execute(connection("none", null, Secret.NONE, 2), call("/courses/", "GET"), JsonObject.EMPTY);

        assertThat(received.get(0).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(received.get(1).header("X-Api-Key")).isEqualTo(TOKEN);
        assertThat(received.get(1).header("Authorization")).isNull();
        assertThat(received.get(2).header("Authorization")).isNull();
    }

    @Test
    void a_non_2xx_answer_is_a_tool_error_with_a_short_body() {
        Json result = executor.execute(connection(), call("/missing", "GET"), JsonObject.EMPTY);

        assertThat(errorOf(result)).isEqualTo("API answered 404: {\"detail\":\"no such course\"}");
    }

    @Test
    void a_text_answer_is_passed_as_a_string() {
        assertThat(executor.execute(connection(), call("/text", "GET"), JsonObject.EMPTY))
                .isEqualTo(new JsonString("plain words"));
    }

    @Test
    void an_answer_over_the_size_limit_is_refused() {
        Json result = executor.execute(connection(), call("/huge", "GET"), JsonObject.EMPTY);

        assertThat(errorOf(result)).contains("more than 1048576 bytes");
    }

    @Test
    void an_api_slower_than_the_connection_timeout_is_an_error() {
        long started = System.nanoTime();
        Json result = executor.execute(connection("none", null, Secret.NONE, 1), call("/slow", "GET"),
                JsonObject.EMPTY);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(errorOf(result)).contains("did not answer within 1 s");
        assertThat(elapsedMillis).isLessThan(2500);
    }

    @Test
    void an_unreachable_api_is_an_error() {
        api.stop(0);

        Json result = executor.execute(connection(), call("/courses/", "GET"), JsonObject.EMPTY);

        assertThat(errorOf(result)).contains("could not be reached");
    }
}
