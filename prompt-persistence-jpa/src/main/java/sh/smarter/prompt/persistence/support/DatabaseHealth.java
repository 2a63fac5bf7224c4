package sh.smarter.prompt.persistence.support;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A quick probe for readiness checks: can a connection be had, and does the database answer on it? */
public final class DatabaseHealth {
    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private DatabaseHealth() {
    }

    /** True when the database answers within a couple of seconds; never throws. */
    public static boolean isReachable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            // isValid sends a ping (MySQL) or a trivial query (H2) bounded by the timeout.
            return connection.isValid(PROBE_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
