package sh.smarter.prompt.http.smartercli;

import java.util.Locale;
import java.util.Optional;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.manifest.ResourceKind;

/**
 * A kind as the CLI names it: one of the session views ({@code chat}, {@code chathistory}, {@code chattoolcall},
 * {@code chatpluginusage}; {@code prompt...} alike), the API keys ({@code smarterauthtoken}) or a manifest kind.
 * Case-insensitive, a trailing "s" dropped, {@code llmclient} is {@code chatbot}, and the upstream server's long
 * names {@code plugindatasqlconnection} / {@code plugindataapiconnection} are the connections.
 */
record CliKind(SessionView view, ResourceKind resource, boolean apiKey) {
    static final String API_KEY_THING = "SmarterAuthToken";

    enum SessionView {
        CHAT("Chat"), HISTORY("ChatHistory"), TOOL_CALLS("ChatToolCall"), PLUGIN_USAGE("ChatPluginUsage");

        private final String thing;

        SessionView(String thing) {
            this.thing = thing;
        }
    }

    static CliKind parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (wanted.endsWith("ies")) {
            wanted = wanted.substring(0, wanted.length() - 3) + "y";
        } else if (wanted.endsWith("s")) {
            wanted = wanted.substring(0, wanted.length() - 1);
        }
        if (wanted.startsWith("prompt")) {
            wanted = "chat" + wanted.substring("prompt".length());
        }
        Optional<SessionView> view = switch (wanted) {
            case "chat" -> Optional.of(SessionView.CHAT);
            case "chathistory" -> Optional.of(SessionView.HISTORY);
            case "chattoolcall" -> Optional.of(SessionView.TOOL_CALLS);
            case "chatpluginusage" -> Optional.of(SessionView.PLUGIN_USAGE);
            default -> Optional.empty();
        };
        if (view.isPresent()) {
            return new CliKind(view.get(), null, false);
        }
        switch (wanted) {
            case "smarterauthtoken", "authtoken", "apikey" -> {
                return new CliKind(null, null, true);
            }
            case "plugindatasqlconnection" -> wanted = "sqlconnection";
            case "plugindataapiconnection" -> wanted = "apiconnection";
            case "user" -> throw PromptException.invalid("there are no user accounts here: an API key stands for its"
                    + " user (whoami shows which one). get apikeys lists the account's keys; the server's operator"
                    + " creates one with `prompt keys create --account <number> --name <name>`");
            case "secret" -> throw PromptException.invalid("there is no Secret kind here: a Provider, SqlConnection"
                    + " or ApiConnection manifest holds its own credential, as the name of an environment variable"
                    + " (spec.provider.apiKeyEnv, spec.connection.passwordEnv, spec.connection.apiKeyEnv) or as"
                    + " the value; describe shows it masked");
            default -> { }
        }
        return ResourceKind.parse(wanted).map(kind -> new CliKind(null, kind, false))
                .orElseThrow(() -> PromptException.invalid("unknown kind; use chat, chathistory, chattoolcall, "
                        + "chatpluginusage, chatbot, plugin, sqlplugin, apiplugin, sqlconnection, apiconnection, "
                        + "provider, account or apikey"));
    }

    boolean isSessionView() {
        return view != null;
    }

    /** The {@code kind}/{@code thing} name: "Chat", "Chatbot", "SqlPlugin", ... */
    String thing() {
        return view != null ? view.thing : apiKey ? API_KEY_THING : resource.manifestName();
    }

    ResourceKind requireResource(String command) {
        if (resource == null) {
            throw PromptException.invalid(command + " works on manifest kinds (chatbot, plugin, ...), not " + thing());
        }
        return resource;
    }
}
