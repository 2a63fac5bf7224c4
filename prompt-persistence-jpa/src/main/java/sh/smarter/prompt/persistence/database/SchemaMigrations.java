package sh.smarter.prompt.persistence.database;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import sh.smarter.prompt.persistence.session.ExchangesByReferenceMigration;

/**
 * The schema is owned by the Flyway migrations in {@value #LOCATION}: one set that runs unchanged on MySQL 8,
 * MariaDB 10.11+ and H2 in MySQL mode. Hibernate only validates it.
 */
public final class SchemaMigrations {
    public static final String LOCATION = "classpath:db/migration";

    private SchemaMigrations() {
    }

    /** Applies every pending migration. */
    public static SchemaStatus migrate(DataSource dataSource) {
        return migrate(target -> configure(target).dataSource(dataSource).load(), null);
    }

    /**
     * Applies the pending migrations up to and including {@code version} ("1", "2", ...). Upgrade tests use it to
     * build a database as an older release left it.
     */
    public static SchemaStatus migrateTo(DataSource dataSource, String version) {
        return migrate(target -> configure(target).dataSource(dataSource).load(), requireVersion(version));
    }

    /**
     * Applies every pending migration through plain connections of its own, so that it works whatever the size of
     * the pool the program uses later (Flyway holds two connections at once on some databases).
     */
    public static SchemaStatus migrate(DatabaseSettings settings) {
        return migrate(target -> plain(settings, target), null);
    }

    /** Like {@link #migrateTo(DataSource, String)}, through plain connections instead of a pool. */
    public static SchemaStatus migrateTo(DatabaseSettings settings, String version) {
        return migrate(target -> plain(settings, target), requireVersion(version));
    }

    /** What the database has and what this build would still apply. */
    public static SchemaStatus status(DataSource dataSource) {
        return status(configure(null).dataSource(dataSource).load());
    }

    /** Like {@link #status(DataSource)}, through a plain connection. */
    public static SchemaStatus status(DatabaseSettings settings) {
        return status(plain(settings, null));
    }

    private static Flyway plain(DatabaseSettings settings, String target) {
        return configure(target).dataSource(settings.jdbcUrl(), settings.user(), settings.password()).load();
    }

    /** Migrates up to {@code target} (null: all), then reports against every migration this build has. */
    private static SchemaStatus migrate(Function<String, Flyway> flyway, String target) {
        flyway.apply(target).migrate();
        return status(flyway.apply(null));
    }

    private static String requireVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a target version is required");
        }
        return version;
    }

    private static FluentConfiguration configure(String target) {
        return Flyway.configure()
                .locations(LOCATION)
                // Version 4 converts JSON, so it is Java; every other version is a SQL file under LOCATION.
                .javaMigrations(new ExchangesByReferenceMigration())
                // Versions are reserved per change and may land in any order (4 after 6): each touches its own
                // tables, so a database that has a later one still takes an earlier one that arrives afterwards.
                .outOfOrder(true)
                .target(target == null ? MigrationVersion.LATEST : MigrationVersion.fromVersion(target))
                // Migrations hold no ${...} placeholders; SQL text stays exactly as written.
                .placeholderReplacement(false)
                .cleanDisabled(true);
    }

    private static SchemaStatus status(Flyway flyway) {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        return new SchemaStatus(current == null ? null : current.getVersion().getVersion(),
                versions(info.applied()), versions(info.pending()));
    }

    private static List<String> versions(MigrationInfo[] migrations) {
        return Arrays.stream(migrations).filter(m -> m.getVersion() != null)
                .map(m -> m.getVersion().getVersion()).toList();
    }
}
