package sh.smarter.prompt.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The connection pool (HikariCP) warns with a whole stack trace when a statement fails on a connection the database
 * closed: a restarted node, a failover. That is expected in operations, and the server already logs each request it
 * failed on one line with its cause. So the warnings of the database libraries (the pool, Hibernate) keep their
 * message and name the exception and its root cause on one line; the trace comes back when that library's logger is
 * at DEBUG. Their errors keep the trace.
 */
final class PoolWarnings {
    private static final List<String> DATABASE_LIBRARIES = List.of("com.zaxxer.hikari.", "org.hibernate.");

    private PoolWarnings() {
    }

    /** Whether {@code event}'s exception is written as {@link #oneLine} instead of a stack trace. */
    static boolean shortened(ILoggingEvent event) {
        return event.getThrowableProxy() != null
                && DATABASE_LIBRARIES.stream().anyMatch(event.getLoggerName()::startsWith)
                && !event.getLevel().isGreaterOrEqual(Level.ERROR)
                && !LoggerFactory.getLogger(event.getLoggerName()).isDebugEnabled();
    }

    /** {@code  (SQLException: msg; root cause ConnectException: msg)}, without a line of trace. */
    static String oneLine(IThrowableProxy proxy) {
        StringBuilder line = new StringBuilder("  (").append(simpleName(proxy)).append(": ")
                .append(proxy.getMessage());
        IThrowableProxy root = proxy;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != proxy) {
            line.append("; root cause ").append(simpleName(root)).append(": ").append(root.getMessage());
        }
        return line.append(')').toString().replace('\n', ' ').replace('\t', ' ');
    }

    private static String simpleName(IThrowableProxy proxy) {
        String name = proxy.getClassName();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
