package sh.smarter.prompt.persistence.support;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that lost to a concurrent write and ran again: a deadlock, a lock wait timeout, a Galera certification
 * conflict (MariaDB reports it as deadlock 1213), a duplicate key or a lost seq claim. Each retry is one log line
 * that says it was retried, and counts towards a process-wide total that metrics read.
 */
public final class WriteRetries {
    private static final Logger LOG = LoggerFactory.getLogger(WriteRetries.class);
    private static final LongAdder TOTAL = new LongAdder();

    private WriteRetries() {
    }

    /**
     * @param what    the write, for the log ("append turn ... to session ...")
     * @param attempt the attempt that lost, from 1
     * @param cause   the database's error, or null when the attempt found its claim taken
     */
    public static void retried(String what, int attempt, Throwable cause) {
        TOTAL.increment();
        LOG.info("{}: attempt {} lost to a concurrent write ({}); retried", what, attempt, reason(cause));
    }

    /** Retries since this process started. */
    public static long total() {
        return TOTAL.sum();
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "another append claimed the same seqs";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                return "SQL state " + sql.getSQLState() + ", error " + sql.getErrorCode() + ": "
                        + firstLine(sql.getMessage());
            }
        }
        return firstLine(cause.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
