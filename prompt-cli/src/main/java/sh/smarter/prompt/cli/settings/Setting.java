package sh.smarter.prompt.cli.settings;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting the CLI reads, with its three spellings: the command-line flag, the environment variable and the
 * key in config.yaml. Resolution takes the first that is given: flag, environment, config file, default
 * ({@link SettingsResolver}).
 */
public enum Setting {
    DATA_DIR("--data-dir", "SMARTER_PROMPT_DATA_DIR", "dataDir", false),
    DB_URL("--db-url", "SMARTER_PROMPT_DB_URL", "database.url", false),
    DB_USER("--db-user", "SMARTER_PROMPT_DB_USER", "database.user", false),
    DB_PASSWORD("--db-password", "SMARTER_PROMPT_DB_PASSWORD", "database.password", true),
    /** How long a request waits for a pooled database connection before it answers 503. */
    DB_POOL_WAIT("--db-pool-wait", "SMARTER_PROMPT_DB_POOL_WAIT", "database.poolWait", false),
    /** How long one statement may wait for a MySQL server that stopped answering (the socket timeout). */
    DB_STATEMENT_TIMEOUT("--db-statement-timeout", "SMARTER_PROMPT_DB_STATEMENT_TIMEOUT",
            "database.statementTimeout", false),
    HOST("--host", "SMARTER_PROMPT_HOST", "server.host", false),
    PORT("--port", "SMARTER_PROMPT_PORT", "server.port", false),
    PUBLIC_URL("--public-url", "SMARTER_PROMPT_PUBLIC_URL", "server.publicUrl", false),
    /** A list: the flag repeats, the variable separates with commas, the config file holds a YAML list. */
    CORS_ORIGINS("--cors-origin", "SMARTER_PROMPT_CORS_ORIGINS", "server.corsOrigins", false),
    /** Lists: JDBC drivers SQL plugins may use besides mysql and mariadb; hosts API plugins may call anyway. */
    ALLOW_SQL_DRIVERS("--allow-sql-driver", "SMARTER_PROMPT_ALLOW_SQL_DRIVERS", "plugins.sqlDrivers", false),
    ALLOW_API_HOSTS("--allow-api-host", "SMARTER_PROMPT_ALLOW_API_HOSTS", "plugins.apiHosts", false),
    /** A list of NAME=HOST: the hosts an environment variable named by a manifest may be sent to (rule secret-env). */
    ALLOW_SECRET_ENV("--allow-secret-env", "SMARTER_PROMPT_ALLOW_SECRET_ENV", "secrets.envHosts", false),
    /** A list like CORS_ORIGINS: proxies whose X-Forwarded-For / X-Forwarded-Proto headers count. */
    TRUSTED_PROXIES("--trusted-proxy", "SMARTER_PROMPT_TRUSTED_PROXIES", "server.trustedProxies", false),
    /** {@code serve}'s operations: Prometheus metrics, the shutdown drain, the log line format. */
    METRICS("--metrics", "SMARTER_PROMPT_METRICS", "server.metrics", false),
    METRICS_TOKEN("--metrics-token", "SMARTER_PROMPT_METRICS_TOKEN", "server.metricsToken", true),
    SHUTDOWN_GRACE("--shutdown-grace", "SMARTER_PROMPT_SHUTDOWN_GRACE", "server.shutdownGrace", false),
    LOG_FORMAT("--log-format", "SMARTER_PROMPT_LOG_FORMAT", "server.logFormat", false),
    /** Requests a minute; 0 turns the limit off. */
    RATE_LIMIT_PER_ADDRESS("--rate-limit-per-address", "SMARTER_PROMPT_RATE_LIMIT_PER_ADDRESS",
            "server.rateLimits.perAddress", false),
    RATE_LIMIT_PER_SESSION("--rate-limit-per-session", "SMARTER_PROMPT_RATE_LIMIT_PER_SESSION",
            "server.rateLimits.perSession", false),
    RATE_LIMIT_PER_KEY("--rate-limit-per-key", "SMARTER_PROMPT_RATE_LIMIT_PER_KEY", "server.rateLimits.perKey",
            false),
    OPENAI_API_KEY("--openai-api-key", "OPENAI_API_KEY", "providers.openai.apiKey", true),
    OPENAI_BASE_URL("--openai-base-url", "OPENAI_BASE_URL", "providers.openai.baseUrl", false),
    GEMINI_API_KEY("--gemini-api-key", "GEMINI_API_KEY", "providers.googleai.apiKey", true),
    GEMINI_BASE_URL("--gemini-base-url", "GEMINI_BASE_URL", "providers.googleai.baseUrl", false),
    LLAMA_API_KEY("--llama-api-key", "LLAMA_API_KEY", "providers.metaai.apiKey", true),
    LLAMA_BASE_URL("--llama-base-url", "LLAMA_BASE_URL", "providers.metaai.baseUrl", false),
    /** The server {@code chat} talks to instead of the local database. */
    SERVER_URL("--server", "SMARTER_PROMPT_SERVER", "client.server", false),
    SERVER_API_KEY("--api-key", "SMARTER_PROMPT_API_KEY", "client.apiKey", true);

    private final String flag;
    private final String environmentVariable;
    private final String configKey;
    private final boolean secret;

    Setting(String flag, String environmentVariable, String configKey, boolean secret) {
        this.flag = flag;
        this.environmentVariable = environmentVariable;
        this.configKey = configKey;
        this.secret = secret;
    }

    public String flag() {
        return flag;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    /** The dotted path in config.yaml. */
    public String configKey() {
        return configKey;
    }

    /** Secrets are never printed; {@link ResolvedSettings#display} masks them. */
    public boolean isSecret() {
        return secret;
    }

    public boolean isList() {
        return this == CORS_ORIGINS || this == TRUSTED_PROXIES || this == ALLOW_SQL_DRIVERS
                || this == ALLOW_API_HOSTS || this == ALLOW_SECRET_ENV;
    }

    public static Optional<Setting> byConfigKey(String key) {
        return Arrays.stream(values()).filter(s -> s.configKey.equals(key)).findFirst();
    }

    public static Optional<Setting> byEnvironmentVariable(String name) {
        return Arrays.stream(values()).filter(s -> s.environmentVariable.equals(name)).findFirst();
    }
}
