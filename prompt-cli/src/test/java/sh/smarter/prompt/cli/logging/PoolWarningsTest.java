package sh.smarter.prompt.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PoolWarningsTest {
    private static final SQLException BROKEN = new SQLException("Communications link failure", "08S01",
            new ConnectException("Connection refused"));

    @Test
    void a_pool_warning_about_a_broken_connection_is_one_line_naming_the_exception_and_its_root_cause() {
        String text = textOf(event("com.zaxxer.hikari.pool.ProxyConnection", Level.WARN));
        String json = new JsonLineLayout().doLayout(event("com.zaxxer.hikari.pool.ProxyConnection", Level.WARN));

        assertThat(text).isEqualTo("  (SQLException: Communications link failure; root cause ConnectException:"
                + " Connection refused)" + System.lineSeparator());
        assertThat(json).contains("\"error\":\"(SQLException: Communications link failure; root cause"
                + " ConnectException: Connection refused)\"").doesNotContain("\\tat ");
    }

    @Test
    void the_product_s_own_failures_and_the_pool_s_errors_keep_their_stack_trace() {
        assertThat(textOf(event("sh.smarter.prompt.http.server.PromptHttpServer", Level.WARN))).contains("\tat ");
        assertThat(textOf(event("com.zaxxer.hikari.pool.HikariPool", Level.ERROR))).contains("\tat ");
    }

    @Test
    void the_pool_s_trace_comes_back_when_it_logs_at_debug() {
        Logger pool = (Logger) LoggerFactory.getLogger("com.zaxxer.hikari.pool.ProxyConnection");
        Level before = pool.getLevel();
        pool.setLevel(Level.DEBUG);
        try {
            assertThat(textOf(event("com.zaxxer.hikari.pool.ProxyConnection", Level.WARN))).contains("\tat ");
        } finally {
            pool.setLevel(before);
        }
    }

    private static LoggingEvent event(String loggerName, Level level) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        return new LoggingEvent(Logger.class.getName(), logger, level, "connection marked as broken", BROKEN, null);
    }

    private static String textOf(LoggingEvent event) {
        RedactingThrowableConverter converter = new RedactingThrowableConverter();
        converter.start();
        return converter.convert(event);
    }
}
