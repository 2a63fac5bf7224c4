package sh.smarter.prompt.tests.reliability;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Wraps the product's connection pool so that a test can make the next commit of a turn's append fail the way a
 * connection lost during the commit does: with the rows committed or not, the caller only gets
 * "Communications link failure ... Transaction resolution unknown" (SQLState 08007). Fires once per arming.
 */
final class CommitFailures {
    /** What happens to the append whose commit fails. */
    enum Outcome { COMMITTED, ROLLED_BACK }

    private final AtomicReference<Outcome> armed = new AtomicReference<>();
    private final AtomicInteger fired = new AtomicInteger();

    /** The next commit of a transaction that inserted messages fails after doing {@code outcome}. */
    void failNextAppend(Outcome outcome) {
        armed.set(outcome);
    }

    int fired() {
        return fired.get();
    }

    DataSource wrap(DataSource pool) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    return method.getName().equals("getConnection") ? connection((Connection) result) : result;
                });
    }

    private Connection connection(Connection real) {
        boolean[] appending = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("prepare") && args != null && args[0] instanceof String sql
                            && sql.toLowerCase(Locale.ROOT).startsWith("insert into messages")) {
                        appending[0] = true;
                    }
                    if (name.equals("commit") || name.equals("rollback")) {
                        boolean append = appending[0];
                        appending[0] = false;
                        Outcome outcome = append && name.equals("commit") ? armed.getAndSet(null) : null;
                        if (outcome != null) {
                            fired.incrementAndGet();
                            if (outcome == Outcome.COMMITTED) {
                                real.commit();
                            } else {
                                real.rollback();
                            }
                            throw new SQLNonTransientConnectionException("Communications link failure during"
                                    + " commit(). Transaction resolution unknown.", "08007");
                        }
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
