package sh.smarter.prompt.providers.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonArray;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.resource.ApiConnection;
import sh.smarter.prompt.core.resource.PluginData;
import sh.smarter.prompt.core.plugintarget.PluginTargets;
import sh.smarter.prompt.core.plugintarget.TargetRefusal;
import sh.smarter.prompt.core.tool.ApiPluginExecutor;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.providers.http.BoundedBody;
import sh.smarter.prompt.providers.http.HttpExchanges;
import sh.smarter.prompt.providers.secret.SecretResolver;
import sh.smarter.prompt.wire.json.JacksonJson;

/**
 * Calls API plugins: {@code baseUrl + endpoint}, with the arguments as URL-encoded query parameters (GET) or as a
 * JSON body (POST). A {@code {name}} in the endpoint path takes that argument (URL-encoded) instead. The plugin's
 * headers and the connection's auth (bearer, basic, or a named header) are sent; the connection's timeout covers
 * the whole exchange; the answer may be at most {@code maxResponseBytes} (read as it arrives and cut beyond).
 * A JSON answer is passed through as JSON, anything else as a string. A non-2xx answer, a timeout or a transport
 * failure comes back as {@code {"error": "..."}}.
 *
 * <p>Before each request the target is checked against the {@link PluginTargets}: the host as written and every
 * address it resolves to (no loopback, private, link-local or metadata address unless the operator allows the host).
 * Redirects are followed here, not by the HTTP client, so that each one's target is checked the same way; the
 * connection's credential is not sent to another origin.
 */
public final class HttpApiPluginExecutor implements ApiPluginExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiPluginExecutor.class);
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final int ERROR_EXCERPT_CHARS = 300;
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** @param maxResponseBytes the largest answer accepted (default 1 MB) */
    public record Settings(long maxResponseBytes) {
        public static final Settings DEFAULTS = new Settings(1024 * 1024);

        public Settings {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
        }
    }

    private final Settings settings;
    private final SecretResolver secrets;
    private final HttpClient client;
    private final PluginTargets targets;

    public HttpApiPluginExecutor() {
        this(Settings.DEFAULTS, System::getenv);
    }

    /** @param environment looks up environment variables that hold connection credentials */
    public HttpApiPluginExecutor(Settings settings, Function<String, String> environment) {
        this(settings, environment, PluginTargets.defaults());
    }

    /** @param targets which hosts may be called although their addresses are loopback, private or link-local */
    public HttpApiPluginExecutor(Settings settings, Function<String, String> environment, PluginTargets targets) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secrets = new SecretResolver(environment);
        this.targets = Objects.requireNonNull(targets, "targets");
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Json execute(ApiConnection connection, PluginData.ApiData call, JsonObject arguments) {
        Duration timeout = Duration.ofSeconds(connection.timeoutSeconds());
        String credential = secrets.resolve(connection.credential()).orElse(null);
        HttpRequest request;
        try {
            request = request(connection, call, arguments, credential, timeout);
        } catch (IllegalArgumentException e) {
            return BuiltInFunction.error("the API plugin's request could not be built: "
                    + SecretResolver.scrub(e.getMessage(), credential));
        }
        HttpResponse<byte[]> response;
        try {
            for (int hop = 0; ; hop++) {
                Optional<TargetRefusal> refusal = refusal(request.uri(),
                        hop == 0 ? "spec.connection.baseUrl" : "the API's redirect (Location)");
                if (refusal.isPresent()) {
                    LOG.warn("API plugin call to {} refused: {}", request.uri(), refusal.get().message());
                    return BuiltInFunction.error("API connection " + connection.name() + " cannot be used: "
                            + refusal.get().message());
                }
                response = HttpExchanges.send(client, request, BoundedBody.handler(settings.maxResponseBytes()),
                        timeout);
                Optional<String> location = response.headers().firstValue("Location");
                if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                    break;
                }
                if (hop == MAX_REDIRECTS) {
                    return BuiltInFunction.error("the API redirected more than " + MAX_REDIRECTS + " times");
                }
                URI next = request.uri().resolve(location.get().strip());
                if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                    return BuiltInFunction.error("the API redirected to " + next.getScheme() + ":, not http(s)");
                }
                request = redirected(request, next, response.statusCode(), connection);
            }
        } catch (HttpTimeoutException e) {
            return BuiltInFunction.error("the API did not answer within " + HttpExchanges.describe(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BuiltInFunction.error("the API call was interrupted");
        } catch (IOException | RuntimeException e) {
            BoundedBody.TooLargeException tooLarge = BoundedBody.tooLarge(e);
            if (tooLarge != null) {
                return BuiltInFunction.error("the API answered more than " + tooLarge.limitBytes()
                        + " bytes, the most an API plugin may return");
            }
            LOG.warn("API plugin call {} {} failed: {}", request.method(), request.uri(), HttpExchanges.reason(e));
            return BuiltInFunction.error("the API could not be reached: " + HttpExchanges.reason(e));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        String text = BoundedBody.text(response.body(), contentType);
        if (response.statusCode() / 100 != 2) {
            LOG.debug("API plugin call {} {} answered {}", request.method(), request.uri(), response.statusCode());
            return BuiltInFunction.error("API answered " + response.statusCode()
                    + (text.isBlank() ? "" : ": " + BoundedBody.excerpt(text, ERROR_EXCERPT_CHARS)));
        }
        return answerOf(text, contentType, response.statusCode());
    }

    /** The target as written, then every address its host resolves to. Unresolvable hosts fail in the call. */
    private Optional<TargetRefusal> refusal(URI uri, String field) {
        Optional<TargetRefusal> written = targets.checkApiUrl(uri.toString(), field);
        if (written.isPresent() || uri.getHost() == null) {
            return written;
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                Optional<TargetRefusal> refusal = targets.checkApiAddress(host, address, field);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The request a redirect asks for: 303 (and 301/302 after a POST, as browsers do) becomes a GET without body;
     * 307 and 308 repeat the request. The connection's credential stays with its own origin.
     */
    private static HttpRequest redirected(HttpRequest previous, URI next, int status, ApiConnection connection) {
        boolean sameOrigin = Objects.equals(previous.uri().getScheme(), next.getScheme())
                && Objects.equals(previous.uri().getHost(), next.getHost())
                && previous.uri().getPort() == next.getPort();
        String authHeader = connection.authHeader() == null || connection.authHeader().isBlank()
                ? "X-API-Key" : connection.authHeader();
        boolean toGet = status == 303 || ((status == 301 || status == 302) && previous.method().equals("POST"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(previous, (name, value) -> {
            if (!sameOrigin && !connection.authScheme().equals("none") && (name.equalsIgnoreCase("Authorization")
                    || name.equalsIgnoreCase(authHeader))) {
                return false;
            }
            return !(toGet && name.equalsIgnoreCase("Content-Type"));
        }).uri(next).version(HttpExchanges.versionFor(next));
        if (toGet) {
            builder.GET();
        }
        return builder.build();
    }

    /** JSON stays JSON; text without a JSON content type is still read as JSON when it parses. */
    private static Json answerOf(String text, String contentType, int status) {
        if (text.isBlank()) {
            return JsonObject.builder().put("status", status).build();
        }
        boolean declaredJson = BoundedBody.isJson(contentType);
        if (declaredJson || contentType == null) {
            try {
                return JacksonJson.parse(text);
            } catch (IllegalArgumentException e) {
                if (declaredJson) {
                    return BuiltInFunction.error("the API declared JSON but answered something else: "
                            + BoundedBody.excerpt(text, ERROR_EXCERPT_CHARS));
                }
            }
        }
        return new JsonString(text);
    }

    private HttpRequest request(ApiConnection connection, PluginData.ApiData call, JsonObject arguments,
                                String credential, Duration timeout) {
        JsonObject remaining = withoutNulls(arguments);
        StringBuilder path = new StringBuilder();
        Matcher parameters = PATH_PARAMETER.matcher(call.endpoint());
        while (parameters.find()) {
            String name = parameters.group(1);
            if (!remaining.has(name)) {
                throw new IllegalArgumentException("the endpoint uses {" + name + "}, but the call has no argument "
                        + name);
            }
            parameters.appendReplacement(path, Matcher.quoteReplacement(
                    URLEncoder.encode(remaining.get(name).asText(), StandardCharsets.UTF_8).replace("+", "%20")));
            remaining = remaining.without(name);
        }
        parameters.appendTail(path);
        String url = join(connection.baseUrl(), path.toString());
        String query = call.method().equals("GET") ? query(remaining) : "";
        URI uri = URI.create(query.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .version(HttpExchanges.versionFor(uri))
                .timeout(timeout)
                .header("Accept", "application/json, text/plain;q=0.9, */*;q=0.5")
                .header("User-Agent", "smarter-prompt-jvm");
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        authorization(connection, credential).ifPresent(auth -> request.header(auth.getKey(), auth.getValue()));
        if (call.method().equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(remaining.toJson(), StandardCharsets.UTF_8));
        } else {
            request.GET();
        }
        return request.build();
    }

    private static Optional<Map.Entry<String, String>> authorization(ApiConnection connection, String credential) {
        if (credential == null || connection.authScheme().equals("none")) {
            if (!connection.authScheme().equals("none")) {
                LOG.warn("API connection {} uses {} auth but has no credential", connection.name(),
                        connection.authScheme());
            }
            return Optional.empty();
        }
        switch (connection.authScheme()) {
            case "bearer":
                return Optional.of(Map.entry("Authorization", "Bearer " + credential));
            case "basic":
                return Optional.of(Map.entry("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8))));
            default:
                String header = connection.authHeader() == null || connection.authHeader().isBlank()
                        ? "X-API-Key" : connection.authHeader();
                return Optional.of(Map.entry(header, credential));
        }
    }

    /** Base URL and endpoint with exactly one slash between them. */
    static String join(String baseUrl, String endpoint) {
        if (endpoint.isEmpty()) {
            return baseUrl;
        }
        if (endpoint.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            throw new IllegalArgumentException("the endpoint must be a path, not a URL: " + endpoint);
        }
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (endpoint.startsWith("/") ? endpoint : "/" + endpoint);
    }

    /** "a=1&b=x%20y": arrays repeat their name, objects go as JSON text, nulls are left out. */
    private static String query(JsonObject arguments) {
        List<String> pairs = new ArrayList<>();
        for (String name : arguments.keys()) {
            Json value = arguments.get(name);
            List<Json> items = value instanceof JsonArray array ? array.items() : List.of(value);
            for (Json item : items) {
                if (!item.isNull()) {
                    pairs.add(encode(name) + "=" + encode(item.asText()));
                }
            }
        }
        return String.join("&", pairs);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonObject withoutNulls(JsonObject arguments) {
        JsonObject.Builder kept = JsonObject.builder();
        arguments.members().forEach((name, value) -> {
            if (!value.isNull()) {
                kept.put(name, value);
            }
        });
        return kept.build();
    }
}
