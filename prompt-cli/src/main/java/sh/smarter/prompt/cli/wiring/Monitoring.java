package sh.smarter.prompt.cli.wiring;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import sh.smarter.prompt.cli.logging.TurnLogLines;
import sh.smarter.prompt.core.metrics.TurnMetrics;
import sh.smarter.prompt.http.metrics.PrometheusMetrics;
import sh.smarter.prompt.persistence.support.WriteRetries;

/**
 * What a server measures and logs about its work: a log line per turn, and with metrics on, the Prometheus
 * registry fed by the engine, the provider adapter's retries, the database pool (Hikari's own Micrometer binding)
 * and the database write retries. One-shot commands measure nothing ({@link #NONE}).
 */
public final class Monitoring implements AutoCloseable {
    public static final Monitoring NONE = new Monitoring(false, null);

    private final boolean logTurns;
    private final PrometheusMetrics prometheus;

    private Monitoring(boolean logTurns, PrometheusMetrics prometheus) {
        this.logTurns = logTurns;
        this.prometheus = prometheus;
    }

    /** For {@code serve}: turn log lines always, Prometheus metrics when {@code metrics} is on. */
    public static Monitoring forServer(boolean metrics) {
        return new Monitoring(true, metrics ? new PrometheusMetrics() : null);
    }

    public Optional<PrometheusMetrics> prometheus() {
        return Optional.ofNullable(prometheus);
    }

    TurnMetrics turnMetrics() {
        List<TurnMetrics> all = new ArrayList<>();
        if (logTurns) {
            all.add(new TurnLogLines());
        }
        if (prometheus != null) {
            all.add(prometheus.turns());
        }
        return TurnMetrics.all(all);
    }

    Consumer<String> providerRetries() {
        return prometheus == null ? provider -> { } : prometheus.turns()::providerRetried;
    }

    /** Binds the pool and the write retries of the opened database. */
    void bindDatabase(DataSource dataSource) {
        if (prometheus == null) {
            return;
        }
        if (dataSource instanceof HikariDataSource hikari) {
            // Hikari's own Micrometer binding: hikaricp_connections_active, _idle, _pending, _acquire_seconds, ...
            hikari.setMetricRegistry(prometheus.registry());
        }
        prometheus.countDatabaseWriteRetries(WriteRetries::total);
    }

    @Override
    public void close() {
        if (prometheus != null) {
            prometheus.close();
        }
    }
}
