package sh.smarter.prompt.core.plugintarget;

import java.util.Objects;

/**
 * The database this installation stores its sessions and resources in, by its JDBC URL: a plugin connection may
 * never point at it (rule {@code own-database}), whatever the URL's spelling of the same host, port and database or
 * of the same embedded file.
 */
public record OwnDatabase(String jdbcUrl) {
    public OwnDatabase {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    @Override
    public String toString() {
        return "OwnDatabase[" + JdbcUrl.parse(jdbcUrl).map(JdbcUrl::place).orElse("?") + "]";
    }
}
