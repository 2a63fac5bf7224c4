package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.prompt.Idempotency;
import sh.smarter.prompt.core.session.IdempotencyKey;

/**
 * The {@code Idempotency-Key} request header of the prompt endpoints. Two requests are "the same" for a key when
 * they have the same method, path, caller and JSON body (key order and white space aside): a retry of an SDK or a
 * browser sends exactly that.
 */
public final class IdempotencyHeader {
    public static final String NAME = "Idempotency-Key";

    private IdempotencyHeader() {
    }

    /** The request's idempotency, or empty when it has no {@code Idempotency-Key} header. */
    public static Optional<Idempotency> of(Context ctx, JsonNode body, Principal principal) {
        return of(ctx, body, principal, "");
    }

    /**
     * The same, for an endpoint where more than path and body say what the request is ({@code context}: for
     * example the session named in a header).
     */
    public static Optional<Idempotency> of(Context ctx, JsonNode body, Principal principal, String context) {
        String header = ctx.header(NAME);
        if (header == null) {
            return Optional.empty();
        }
        IdempotencyKey key = new IdempotencyKey(header.strip());
        // The credential as sent, too: a public chatbot treats every caller as anonymous, but two callers with
        // their own keys (or cookies) still never name the same request. Only its digest is kept.
        String credential = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        return Optional.of(new Idempotency(key, requestHash(ctx.method().name(), ctx.path(), context, body,
                caller(principal) + "\n" + credential)));
    }

    static String requestHash(String method, String path, String context, JsonNode body, String caller) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "\n" + context + "\n" + caller + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha256.update(canonical(body));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The caller, so that one key of two callers never names the same request. */
    private static String caller(Principal principal) {
        if (principal instanceof Principal.AccountKey key) {
            return "key:" + key.keyId();
        }
        return principal instanceof Principal.Operator ? "operator" : "anonymous";
    }

    private static byte[] canonical(JsonNode body) {
        try {
            Object plain = HttpJson.MAPPER.convertValue(body, Object.class);
            return HttpJson.MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsBytes(plain);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("a parsed request body is always writable", e);
        }
    }
}
