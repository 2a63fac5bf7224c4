package sh.smarter.prompt.persistence.support;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.hibernate.boot.model.TypeContributor;
import org.hibernate.jpa.boot.spi.TypeContributorList;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.TimestampJdbcType;

/**
 * Sends instants to {@code DATETIME(6)} columns as UTC text ("2031-03-04 05:06:07.123456") instead of as
 * {@link java.sql.Timestamp}. MariaDB 10.x greets clients as "5.5.5-10.x-MariaDB", which MySQL Connector/J reads as
 * MySQL 5.5, a server without fractional seconds, so it silently drops them from every timestamp it binds. Text is
 * parsed by the server itself and keeps the microseconds on MariaDB and MySQL alike. Reading is unaffected and stays
 * with Hibernate's timestamp extractor (in UTC, see {@code hibernate.jdbc.time_zone}).
 */
public final class DateTimeAsTextJdbcType extends TimestampJdbcType {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    /** Registers this type for every timestamp attribute: the value of {@code hibernate.type_contributors}. */
    public static TypeContributorList contributor() {
        TypeContributor contributor = (contributions, services) ->
                contributions.contributeJdbcType(new DateTimeAsTextJdbcType());
        return () -> List.of(contributor);
    }

    @Override
    public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
        return new BasicBinder<>(javaType, this) {
            @Override
            protected void doBind(PreparedStatement statement, X value, int index, WrapperOptions options)
                    throws SQLException {
                statement.setString(index, text(javaType, value, options));
            }

            @Override
            protected void doBind(CallableStatement statement, X value, String name, WrapperOptions options)
                    throws SQLException {
                statement.setString(name, text(javaType, value, options));
            }
        };
    }

    private static <X> String text(JavaType<X> javaType, X value, WrapperOptions options) {
        return TEXT.format(javaType.unwrap(value, Instant.class, options));
    }
}
