package sh.smarter.prompt.core.resource;

import java.time.Instant;
import java.util.Objects;

/** A JDBC database that SQL plugins query read-only. */
public record SqlConnection(long id, long accountId, String name, String jdbcUrl, String username, Secret password,
                            int timeoutSeconds, Instant createdAt, Instant updatedAt) {
    public SqlConnection {
        ResourceName.require("connection name", name);
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw sh.smarter.prompt.core.error.PromptException.invalid("SQL connection url must start with jdbc:");
        }
        password = password == null ? Secret.NONE : password;
        timeoutSeconds = timeoutSeconds <= 0 ? 10 : timeoutSeconds;
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    public SqlConnection withId(long newId) {
        return new SqlConnection(newId, accountId, name, jdbcUrl, username, password, timeoutSeconds, createdAt,
                updatedAt);
    }
}
