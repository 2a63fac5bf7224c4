package sh.smarter.prompt.cli.settings;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.core.resource.Secret;
import sh.smarter.prompt.http.server.TrustedProxies;
import sh.smarter.prompt.http.limit.RateLimitSettings;

/**
 * The settings after precedence, with typed accessors. A value that does not parse is a usage error that names
 * where it came from ("SMARTER_PROMPT_PORT must be a port number ..."), so the user knows which spelling to fix.
 */
public final class ResolvedSettings {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

    private final Map<Setting, Value> values;
    private final Path configFile;

    /** A resolved value: its text, its source, and the exact flag, variable or file key it came from. */
    public record Value(String text, SettingSource source, String origin) {
    }

    ResolvedSettings(Map<Setting, Value> values, Path configFile) {
        this.values = Map.copyOf(values);
        this.configFile = configFile;
    }

    public Optional<String> value(Setting setting) {
        return Optional.ofNullable(values.get(setting)).map(Value::text);
    }

    public SettingSource source(Setting setting) {
        Value value = values.get(setting);
        return value == null ? SettingSource.DEFAULT : value.source();
    }

    /** The config file that was read, or null when there was none. */
    public Path configFile() {
        return configFile;
    }

    public Path dataDir() {
        return SettingsResolver.absolute(value(Setting.DATA_DIR).orElseThrow());
    }

    public String host() {
        return value(Setting.HOST).orElse(SettingsResolver.DEFAULT_HOST);
    }

    public int port() {
        String text = value(Setting.PORT).orElse(String.valueOf(SettingsResolver.DEFAULT_PORT));
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(Setting.PORT, "must be a port number between 0 and 65535 (0 picks a free one), got " + text);
    }

    /** The URL browsers reach the server at, when it differs from where it listens (a proxy, a container). */
    public Optional<String> publicUrl() {
        return value(Setting.PUBLIC_URL).map(url -> httpUrl(Setting.PUBLIC_URL, url));
    }

    public List<String> corsOrigins() {
        return list(Setting.CORS_ORIGINS);
    }

    /** JDBC drivers the operator allows SQL plugins besides mysql and mariadb (h2, say). */
    public List<String> allowedSqlDrivers() {
        return list(Setting.ALLOW_SQL_DRIVERS);
    }

    /** Hosts API plugins may call although they are loopback, private or link-local. */
    public List<String> allowedApiHosts() {
        return list(Setting.ALLOW_API_HOSTS);
    }

    /** NAME=HOST entries: the hosts an environment variable a manifest names may be sent to. */
    public List<String> allowedSecretEnv() {
        return list(Setting.ALLOW_SECRET_ENV);
    }

    private List<String> list(Setting setting) {
        return value(setting)
                .map(text -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /**
     * The proxies (IP addresses or CIDR blocks) whose forwarded headers count, each checked: a typo is a usage
     * error naming where the value came from, not a proxy silently left untrusted.
     */
    public TrustedProxies trustedProxies() {
        List<String> cidrs = value(Setting.TRUSTED_PROXIES)
                .map(text -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
        try {
            return TrustedProxies.of(cidrs);
        } catch (IllegalArgumentException e) {
            throw invalid(Setting.TRUSTED_PROXIES, "has a bad entry: " + e.getMessage());
        }
    }

    /** The rate limits of {@code serve}: each setting given replaces its default. */
    public RateLimitSettings rateLimits() {
        RateLimitSettings defaults = RateLimitSettings.DEFAULTS;
        return new RateLimitSettings(perMinute(Setting.RATE_LIMIT_PER_ADDRESS, defaults.perClientAddress()),
                perMinute(Setting.RATE_LIMIT_PER_SESSION, defaults.perSession()),
                perMinute(Setting.RATE_LIMIT_PER_KEY, defaults.perApiKey()));
    }

    private int perMinute(Setting setting, int defaultValue) {
        Optional<String> text = value(setting);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(setting, "must be a whole number of requests a minute (0 for no limit), got " + text.get());
    }

    public Optional<String> databaseUrl() {
        return value(Setting.DB_URL);
    }

    public Optional<String> databaseUser() {
        return value(Setting.DB_USER);
    }

    public Optional<String> databasePassword() {
        return value(Setting.DB_PASSWORD);
    }

    /** How long a request waits for a pooled database connection, if set. */
    public Optional<Duration> databasePoolWait() {
        return value(Setting.DB_POOL_WAIT).map(text -> duration(Setting.DB_POOL_WAIT, text));
    }

    /** How long a statement waits for a MySQL server that stopped answering, if set. */
    public Optional<Duration> databaseStatementTimeout() {
        return value(Setting.DB_STATEMENT_TIMEOUT).map(text -> duration(Setting.DB_STATEMENT_TIMEOUT, text));
    }

    /** "2.5s", "500ms", "1m": a number and a unit. */
    private Duration duration(Setting setting, String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (m.matches()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            BigDecimal millis = switch (m.group(2)) {
                case "ms" -> amount;
                case "s" -> amount.multiply(BigDecimal.valueOf(1_000));
                default -> amount.multiply(BigDecimal.valueOf(60_000));
            };
            return Duration.ofMillis(millis.longValue());
        }
        throw invalid(setting, "must be a duration such as 500ms, 2.5s or 1m, got " + text);
    }

    /** A base URL that replaces the preset's for this setting ({@code OPENAI_BASE_URL} and the like). */
    public Optional<String> baseUrl(Setting setting) {
        return value(setting).map(url -> httpUrl(setting, url));
    }

    /** The server {@code chat --server} talks to. */
    public Optional<String> serverUrl() {
        return value(Setting.SERVER_URL).map(url -> httpUrl(Setting.SERVER_URL, url));
    }

    public Optional<String> serverApiKey() {
        return value(Setting.SERVER_API_KEY);
    }

    /** Whether {@code serve} answers {@code GET /metrics}; off unless turned on. */
    public boolean metricsEnabled() {
        String text = value(Setting.METRICS).orElse("false").strip().toLowerCase(java.util.Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw invalid(Setting.METRICS, "must be true or false, got " + text);
        };
    }

    public Optional<String> metricsToken() {
        return value(Setting.METRICS_TOKEN).filter(token -> !token.isBlank());
    }

    /** How long {@code serve} lets the requests in flight finish after SIGTERM: seconds, or 500ms / 30s / 2m. */
    public java.time.Duration shutdownGrace() {
        String text = value(Setting.SHUTDOWN_GRACE).orElse("30s").strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})(ms|s|m)?").matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> java.time.Duration.ofMillis(amount);
                case "m" -> java.time.Duration.ofMinutes(amount);
                default -> java.time.Duration.ofSeconds(amount);
            };
        }
        throw invalid(Setting.SHUTDOWN_GRACE, "must be a duration such as 30s, 500ms or 2m, got " + text);
    }

    /** {@code text} (the default) or {@code json}. */
    public sh.smarter.prompt.cli.logging.LogFormat logFormat() {
        String text = value(Setting.LOG_FORMAT).orElse("text");
        sh.smarter.prompt.cli.logging.LogFormat format = sh.smarter.prompt.cli.logging.LogFormat.named(text);
        if (format == null) {
            throw invalid(Setting.LOG_FORMAT, "must be text or json, got " + text);
        }
        return format;
    }

    /** One line per set value, for {@code --verbose} and diagnostics; secrets masked. */
    public List<String> display() {
        List<String> lines = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            Value value = values.get(setting);
            if (value != null) {
                String shown = setting.isSecret() ? Secret.mask(value.text()) : value.text();
                lines.add(setting.configKey() + " = " + shown + " (" + value.source().label() + ")");
            }
        }
        return lines;
    }

    private String httpUrl(Setting setting, String url) {
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(setting, "must be an http:// or https:// URL, got " + url);
    }

    private CliFailure invalid(Setting setting, String problem) {
        Value value = values.get(setting);
        String origin = value == null ? setting.flag() : value.origin();
        return CliFailure.usage(origin + " " + problem);
    }
}
