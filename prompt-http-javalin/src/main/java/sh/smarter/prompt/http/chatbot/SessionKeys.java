package sh.smarter.prompt.http.chatbot;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.session.SessionKey;

/**
 * Where a chatbot request carries its session key (SPEC 4): query parameter, then JSON body field, then cookie,
 * all named {@code session_key}. An empty value counts as none; a malformed one is a 400.
 */
public final class SessionKeys {
    public static final String NAME = "session_key";

    private SessionKeys() {
    }

    public static Optional<SessionKey> of(Context ctx, JsonNode body) {
        return resolve(ctx.queryParam(NAME), body.get(NAME), ctx.cookie(NAME));
    }

    /** The first key present in SPEC order, parsed (normalised case, whitespace and trailing '/'). */
    public static Optional<SessionKey> resolve(String query, JsonNode bodyValue, String cookie) {
        for (String candidate : new String[] {query, bodyText(bodyValue), cookie}) {
            if (!SessionKey.isAbsent(candidate)) {
                return Optional.of(SessionKey.parse(candidate));
            }
        }
        return Optional.empty();
    }

    private static String bodyText(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw PromptException.invalid("session_key must be a string");
        }
        return value.textValue();
    }
}
