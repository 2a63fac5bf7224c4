package sh.smarter.prompt.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import sh.smarter.prompt.core.PromptEngine;
import sh.smarter.prompt.core.access.ChatbotAccess;
import sh.smarter.prompt.core.access.Credential;
import sh.smarter.prompt.core.access.ManageApiKeysUseCase;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;

/** Small, shared steps of every handler: naming the endpoint, reading JSON, knowing the caller, answering. */
public final class HttpRequests {
    static final String REQUEST_ID = "smarter.requestId";
    static final String CLIENT_ADDRESS = "smarter.clientAddress";
    static final String SCHEME = "smarter.scheme";

    private HttpRequests() {
    }

    /** Records which endpoint is answering, so errors carry its command and thing. */
    public static void describe(Context ctx, Endpoint endpoint) {
        ctx.attribute(Endpoint.ATTRIBUTE, endpoint);
    }

    public static Endpoint endpointOf(Context ctx) {
        Endpoint endpoint = ctx.attribute(Endpoint.ATTRIBUTE);
        return endpoint == null ? Endpoint.UNKNOWN : endpoint;
    }

    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id == null ? "-" : id;
    }

    /**
     * The request body as a JSON object. An empty body is an empty object (clients post config requests without
     * one). A body that is not JSON, or JSON that is not an object, is a 400; a non-JSON content type is a 415.
     */
    public static ObjectNode jsonBody(Context ctx) {
        byte[] bytes = bodyBytes(ctx);
        if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return HttpJson.object();
        }
        requireJsonContentType(ctx);
        JsonNode node;
        try {
            node = HttpJson.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw PromptException.invalid("malformed JSON in the request body: " + shortReason(e));
        } catch (java.io.IOException e) {
            throw PromptException.invalid("the request body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw PromptException.invalid("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * The raw request body. A body over the size limit stays a 413; a body that ends before its Content-Length or
     * has a broken chunk (Jetty throws its undeclared EofException then) is the client's fault: a 400, not a 500.
     */
    public static byte[] bodyBytes(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e;
        } catch (Exception e) {
            throw PromptException.invalid("the request body could not be read: it ended before its declared length"
                    + " or its chunked encoding is broken");
        }
    }

    private static void requireJsonContentType(Context ctx) {
        String type = ctx.contentType();
        if (type != null && !type.isBlank()) {
            String lower = type.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("application/json") && !lower.contains("+json")) {
                throw new UnsupportedMediaType("send the request body as application/json, not " + clip(type, 80));
            }
        }
    }

    private static String shortReason(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
        var location = e.getLocation();
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr()
                + ")";
        return clip(reason, 200) + where;
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    /** The caller behind the Authorization header; unknown or empty keys make an anonymous caller. */
    public static Principal principal(Context ctx, ManageApiKeysUseCase apiKeys) {
        return Credential.fromAuthorizationHeader(ctx.header("Authorization"))
                .flatMap(apiKeys::authenticate)
                .orElse(Principal.ANONYMOUS);
    }

    /**
     * The caller for using (config, prompt) a chatbot: anonymous for a public chatbot, whatever the request
     * carries, since anyone may use it and looking a key up would cost a database read per request (the chat
     * component sends the host page's cookie as a bearer token, also to public chatbots). A chatbot that needs a
     * key, or a name that does not resolve (the use case reports why), gets the key looked up.
     */
    public static Principal principalForUse(Context ctx, PromptEngine engine, ChatbotRef chatbot) {
        if (!hasCredential(ctx)) {
            return Principal.ANONYMOUS;
        }
        try {
            Chatbot found = engine.findChatbots().find(chatbot);
            if (!ChatbotAccess.isRestricted(found)) {
                return Principal.ANONYMOUS;
            }
        } catch (PromptException e) {
            // Not found or ambiguous: the use case says so; the key lookup below changes nothing about that.
        }
        return principal(ctx, engine.apiKeys());
    }

    /** True when the request carries a credential at all (valid or not). */
    public static boolean hasCredential(Context ctx) {
        return Credential.fromAuthorizationHeader(ctx.header("Authorization")).isPresent();
    }

    public static ClientInfo clientInfo(Context ctx) {
        String page = ctx.header("Referer");
        return new ClientInfo(clientAddress(ctx), ctx.userAgent(), page, null);
    }

    /** Resolves the client's address and scheme once per request, honouring only trusted proxies' headers. */
    static void resolveClient(Context ctx, TrustedProxies proxies) {
        String peer = ctx.ip();
        ctx.attribute(CLIENT_ADDRESS, proxies.clientAddress(peer, ctx.header("X-Forwarded-For")));
        ctx.attribute(SCHEME, proxies.scheme(peer, ctx.scheme(), ctx.header("X-Forwarded-Proto")));
    }

    /** The client's address: the peer's, or what a trusted proxy forwarded (see {@link TrustedProxies}). */
    public static String clientAddress(Context ctx) {
        String address = ctx.attribute(CLIENT_ADDRESS);
        return address == null ? ctx.ip() : address;
    }

    /** The scheme the client used: the connection's, or what a trusted proxy forwarded. */
    public static String scheme(Context ctx) {
        String scheme = ctx.attribute(SCHEME);
        return scheme == null ? ctx.scheme() : scheme;
    }

    /**
     * A whole-number query parameter within bounds. Absent or blank gives the default; anything else that is not
     * a number in range is a 400 naming the parameter.
     */
    public static long queryLong(Context ctx, String name, long defaultValue, long min, long max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range value
        }
        throw PromptException.invalid(name + " must be a whole number between " + min + " and " + max);
    }

    public static void sendJson(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(HttpJson.writeBytes(body));
    }

    /** A 415: the body is not in a media type this endpoint reads. */
    public static final class UnsupportedMediaType extends PromptException {
        public UnsupportedMediaType(String message) {
            super(sh.smarter.prompt.core.error.ErrorKind.INVALID_INPUT, "SmarterUnsupportedMediaType", message);
        }
    }
}
