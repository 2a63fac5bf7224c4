package sh.smarter.prompt.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.OutputFormat;
import sh.smarter.prompt.cli.output.OutputOptions;
import sh.smarter.prompt.cli.output.Printer;
import sh.smarter.prompt.cli.settings.DatabaseOptions;
import sh.smarter.prompt.cli.settings.ResolvedSettings;
import sh.smarter.prompt.cli.settings.ServerOptions;
import sh.smarter.prompt.cli.wiring.LocalInstallation;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.chatconfig.ChatConfig;
import sh.smarter.prompt.core.chatconfig.ChatConfigQuery;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.SessionKey;
import sh.smarter.prompt.http.chatbot.ChatConfigJson;

/**
 * {@code prompt config CHATBOT}: the configuration object the chat page loads, built by the HTTP module's own
 * serialiser, so it is byte for byte what {@code POST /api/v1/chatbots/{name}/config/} answers.
 */
@Command(name = "config", description = {"Prints a chatbot's configuration object, as the chat page loads it.",
        "The object /api/v1/chatbots/<name>/config/ answers: the chatbot, the session and its history, plugins and "
                + "functions. Shows the session `prompt chat CHATBOT` continues; without one, a new session is "
                + "started, as a page would."},
        footerHeading = "%nExamples:%n",
        footer = {"  prompt config example",
                "  prompt config example --session 9f86d0... -o yaml",
                "  prompt config example --public-url https://chat.example.com/   # url_chatbot as browsers see it"})
public final class ConfigCommand implements Callable<Integer> {
    private static final String PROMPT_PATH = "api/v1/chatbots/%s/prompt/";
    private static final String ACCOUNT_PROMPT_PATH = "api/v1/accounts/%s/chatbots/%s/prompt/";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CHATBOT", description = "The chatbot's name.")
    private String chatbot;

    @Option(names = "--session", paramLabel = "KEY", description = "The session whose history to include.")
    private String sessionKey;

    @Mixin
    private OutputOptions output;

    @Mixin
    private ServerOptions server;

    @Mixin
    private DatabaseOptions database;

    @Mixin
    private AccountOption account;

    @Override
    public Integer call() {
        Invocation invocation = Invocation.of(spec);
        String name = ChatbotRef.named(chatbot).name();
        SessionKey named = sessionKey == null ? null : SessionKey.parse(sessionKey);
        account.number();
        ResolvedSettings settings = invocation.settings(server, database);
        ObjectNode envelope;
        try (LocalInstallation local = invocation.open(settings)) {
            ChatbotRef ref = account.chatbot(name, local);
            account.sharedNameNote(ref, local).ifPresent(note -> invocation.err().println(
                    invocation.styles().dim(note)));
            SessionKey session = named != null ? named
                    : invocation.rememberedSession(local, ref.toString()).orElse(null);
            ChatConfig config;
            try {
                config = local.engine().chatConfigs().chatConfig(new ChatConfigQuery(ref, session,
                        ClientInfo.UNKNOWN, Principal.OPERATOR));
            } catch (RuntimeException e) {
                throw account.explained(e, ref, local);
            }
            String promptPath = ref.accountNumber().map(number -> String.format(ACCOUNT_PROMPT_PATH, number, name))
                    .orElse(String.format(PROMPT_PATH, name));
            envelope = Printer.JSON.createObjectNode();
            envelope.set("data", ChatConfigJson.navigable(config, baseUrl(settings) + promptPath));
            envelope.put("api", "smarter.sh/v1");
            envelope.putObject("metadata").put("command", "chat_config").put("thing", "ChatConfig");
        }
        new Printer(invocation.out(), output.formatOr(OutputFormat.JSON)).object(envelope);
        return ExitCode.OK;
    }

    /** Where the server that serves this database is reached: the public URL, else its host and port. */
    private static String baseUrl(ResolvedSettings settings) {
        return settings.publicUrl().map(url -> url.endsWith("/") ? url : url + "/").orElseGet(() -> {
            String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
            return "http://" + host + ":" + settings.port() + "/";
        });
    }
}
