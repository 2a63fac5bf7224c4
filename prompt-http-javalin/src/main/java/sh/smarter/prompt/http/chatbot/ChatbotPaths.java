package sh.smarter.prompt.http.chatbot;

import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Pattern;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.AccountNumber;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.http.server.HttpRequests;
import sh.smarter.prompt.http.server.HttpSettings;

/** The chatbot URL families of SPEC 5.2, what they name, and the absolute URLs handed to clients. */
public final class ChatbotPaths {
    static final String BY_NAME = "/api/v1/chatbots/{name}/";
    static final String BY_ACCOUNT = "/api/v1/accounts/{account_number}/chatbots/{name}/";
    static final List<String> BASES = List.of(BY_NAME, BY_ACCOUNT);

    /** A Host header that can safely become part of a URL we hand back; anything else is replaced. */
    private static final Pattern SAFE_HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    private ChatbotPaths() {
    }

    /** The chatbot a path names: {@code {name}}, qualified by {@code {account_number}} when the path has one. */
    public static ChatbotRef ref(Context ctx) {
        String account = ctx.pathParamMap().get("account_number");
        return new ChatbotRef(account == null ? null : accountNumber(account), ctx.pathParam("name"));
    }

    private static AccountNumber accountNumber(String text) {
        try {
            return AccountNumber.parse(text);
        } catch (PromptException e) {
            // A malformed account number names no chatbot: answer like any unknown chatbot.
            throw PromptException.notFound("chatbot not found");
        }
    }

    /**
     * The absolute {@code url_chatbot}: the component posts prompts there and loads later configurations from
     * {@code url_chatbot + "config/"}, and it throws on relative URLs. The request's own URL family is kept.
     */
    public static String promptUrl(Context ctx, HttpSettings settings, ChatbotRef ref) {
        String path = ref.accountNumber()
                .map(number -> "api/v1/accounts/" + number.value() + "/chatbots/" + ref.name() + "/")
                .orElse("api/v1/chatbots/" + ref.name() + "/");
        return baseUrl(ctx, settings) + path + "prompt/";
    }

    /** The server's public base URL ending with "/": configured, or the scheme and host this request used. */
    public static String baseUrl(Context ctx, HttpSettings settings) {
        if (settings.publicBaseUrl() != null) {
            return settings.publicBaseUrl();
        }
        String host = ctx.host();
        if (host == null || !SAFE_HOST.matcher(host).matches()) {
            host = (settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host()) + ":" + ctx.port();
        }
        return HttpRequests.scheme(ctx) + "://" + host + "/";
    }
}
