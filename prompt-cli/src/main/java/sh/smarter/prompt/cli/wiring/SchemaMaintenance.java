package sh.smarter.prompt.cli.wiring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Function;
import javax.sql.DataSource;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.persistence.database.DatabaseSettings;
import sh.smarter.prompt.persistence.database.SchemaMigrations;
import sh.smarter.prompt.persistence.database.SchemaStatus;
import sh.smarter.prompt.persistence.support.DatabaseFailures;

/**
 * {@code db info} and {@code db migrate} on a bare connection: reading the schema's state must not migrate it,
 * which opening the installation would.
 */
public final class SchemaMaintenance {
    private SchemaMaintenance() {
    }

    public static SchemaStatus status(DatabaseSettings database) {
        return withDataSource(database, SchemaMigrations::status);
    }

    public static SchemaStatus migrate(DatabaseSettings database) {
        return withDataSource(database, SchemaMigrations::migrate);
    }

    private static SchemaStatus withDataSource(DatabaseSettings database, Function<DataSource, SchemaStatus> work) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("smarter-prompt-maintenance");
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.user());
        config.setPassword(database.password());
        // Flyway holds one connection for its lock while it works on another.
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(database.connectionTimeout().toMillis());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw PromptException.storageUnavailable("the database is unavailable: " + rootMessage(e), e);
        }
        try (dataSource) {
            return work.apply(dataSource);
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUnavailable(e)) {
                throw PromptException.storageUnavailable("the database is unavailable: " + rootMessage(e), e);
            }
            throw e;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
