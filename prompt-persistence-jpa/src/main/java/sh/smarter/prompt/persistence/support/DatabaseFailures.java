package sh.smarter.prompt.persistence.support;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;
import sh.smarter.prompt.core.error.ErrorKind;
import sh.smarter.prompt.core.error.PromptException;

/**
 * Reads what went wrong from the exceptions JDBC, Hibernate and the pool throw, for MySQL/MariaDB and H2 alike, and
 * turns them into the port's errors. Decisions go by SQL state and vendor code, never by message text.
 */
public final class DatabaseFailures {
    private static final int MYSQL_DUPLICATE_KEY = 1062;
    private static final int MYSQL_DEADLOCK = 1213;
    private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;
    private static final Set<Integer> MYSQL_MISSING_PARENT = Set.of(1216, 1452);
    private static final int H2_LOCK_TIMEOUT = 50200;
    private static final int H2_CONCURRENT_UPDATE = 90131;
    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(90067, 90098, 90121);

    private DatabaseFailures() {
    }

    /**
     * The database did not answer: it is down, unreachable, or every pooled connection stayed busy too long. A
     * failure whose rollback (suppressed, see {@link Transactions}) found the connection gone counts too: MySQL
     * Connector/J reports a statement cut off by a dying server as a plain "statement closed" error (S1009).
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && (state(sql).startsWith("08")
                    || H2_CONNECTION_LOST.contains(sql.getErrorCode()))) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (isUnavailable(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A deadlock, lock wait timeout or serialisation failure: trying the whole transaction again may succeed. */
    public static boolean isTransientConflict(Throwable failure) {
        return anySql(failure, sql -> state(sql).equals("40001") || sql.getErrorCode() == MYSQL_DEADLOCK
                || sql.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT || sql.getErrorCode() == H2_LOCK_TIMEOUT
                || sql.getErrorCode() == H2_CONCURRENT_UPDATE || state(sql).equals("HYT00"));
    }

    /** A unique key or primary key already holds this value. */
    public static boolean isDuplicateKey(Throwable failure) {
        return anySql(failure, sql -> state(sql).equals("23505")
                || (state(sql).equals("23000") && sql.getErrorCode() == MYSQL_DUPLICATE_KEY));
    }

    /** A foreign key points at a row that does not exist. */
    public static boolean isMissingParent(Throwable failure) {
        return anySql(failure, sql -> state(sql).equals("23506") || state(sql).equals("23503")
                || MYSQL_MISSING_PARENT.contains(sql.getErrorCode()));
    }

    /** The database refused the user name or password. */
    public static boolean isAccessDenied(Throwable failure) {
        return anySql(failure, sql -> state(sql).startsWith("28"));
    }

    /** A value does not fit its column (too long, out of range). */
    public static boolean isValueOutOfRange(Throwable failure) {
        return anySql(failure, sql -> state(sql).equals("22001") || state(sql).equals("22003"));
    }

    /**
     * The port's error for a failure that no caller handled more specifically: STORAGE_UNAVAILABLE when the
     * database could not be reached, INVALID_INPUT when a value does not fit, CONFLICT for a deadlock or lock
     * timeout, otherwise the failure itself.
     */
    public static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof PromptException) {
            return failure;
        }
        if (isUnavailable(failure)) {
            return PromptException.storageUnavailable("the database is unavailable", failure);
        }
        if (isValueOutOfRange(failure)) {
            return PromptException.invalid("a value is too long or out of range for the database");
        }
        if (isTransientConflict(failure)) {
            // Keeps the cause, so that callers that retry such failures still recognise them.
            return new PromptException(ErrorKind.CONFLICT, "SmarterConflict",
                    "the database was busy with the same rows; please try again", failure);
        }
        return failure;
    }

    private static boolean anySql(Throwable failure, java.util.function.Predicate<SQLException> test) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (test.test(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String state(SQLException sql) {
        return sql.getSQLState() == null ? "" : sql.getSQLState();
    }
}
