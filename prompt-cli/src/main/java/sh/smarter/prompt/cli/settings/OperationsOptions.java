package sh.smarter.prompt.cli.settings;

import java.util.Map;
import picocli.CommandLine.Option;

/** How {@code serve} runs in production: metrics, the drain on SIGTERM, log lines for machines. */
public final class OperationsOptions implements SettingFlags {
    @Option(names = "--metrics", description = "Serve Prometheus metrics at GET /metrics (env SMARTER_PROMPT_METRICS="
            + "true; default off).")
    private Boolean metrics;

    @Option(names = "--metrics-token", paramLabel = "TOKEN", description = "Require Authorization: Bearer TOKEN "
            + "on /metrics (env SMARTER_PROMPT_METRICS_TOKEN).")
    private String metricsToken;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", description = "On SIGTERM, how long the requests "
            + "in flight may take to finish, e.g. 30s or 2m (env SMARTER_PROMPT_SHUTDOWN_GRACE; default 30s).")
    private String shutdownGrace;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json: one JSON object "
            + "per line (env SMARTER_PROMPT_LOG_FORMAT).")
    private String logFormat;

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingFlags.put(flags, Setting.METRICS, metrics == null ? null : metrics.toString());
        SettingFlags.put(flags, Setting.METRICS_TOKEN, metricsToken);
        SettingFlags.put(flags, Setting.SHUTDOWN_GRACE, shutdownGrace);
        SettingFlags.put(flags, Setting.LOG_FORMAT, logFormat);
    }
}
