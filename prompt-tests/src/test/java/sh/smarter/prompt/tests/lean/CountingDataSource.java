package sh.smarter.prompt.tests.lean;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that counts what goes to the database while recording is on: every statement execution (a batch
 * counts once: it is one round trip), and every commit and rollback, which each end one transaction and are one
 * round trip too. It keeps the SQL of each, so a failing count says what was sent.
 */
final class CountingDataSource implements DataSource {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final DataSource delegate;
    private final List<String> sent = new ArrayList<>();
    private volatile boolean recording;
    private int transactions;

    CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** The counts of what {@code work} sent (one count at a time). */
    Counts count(Runnable work) {
        synchronized (sent) {
            sent.clear();
            transactions = 0;
        }
        recording = true;
        try {
            work.run();
        } finally {
            recording = false;
        }
        synchronized (sent) {
            return new Counts(transactions, List.copyOf(sent));
        }
    }

    /** Round trips sent while recording: statements, commits and rollbacks, in order. */
    record Counts(int transactions, List<String> statements) {
        @Override
        public String toString() {
            return transactions + " transactions, " + statements.size() + " statements including commits:\n  "
                    + String.join("\n  ", statements);
        }
    }

    private void record(String what, boolean endsTransaction) {
        if (recording) {
            synchronized (sent) {
                sent.add(what);
                if (endsTransaction) {
                    transactions++;
                }
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connection(delegate.getConnection(username, password));
    }

    private Connection connection(Connection real) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("commit") || name.equals("rollback") && (args == null || args.length == 0)) {
                record(name.toUpperCase(Locale.ROOT), true);
            }
            Object result = invoke(real, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : "(statement)";
                return statement(statement, sql, method.getReturnType());
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private Object statement(Statement real, String preparedSql, Class<?> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                record((method.getName().contains("Batch") ? "BATCH " : "") + sql, false);
            }
            return invoke(real, method, args);
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
