package sh.smarter.prompt.cli.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import sh.smarter.prompt.cli.failure.CliFailure;
import sh.smarter.prompt.cli.failure.ExitCode;
import sh.smarter.prompt.cli.output.Styles;
import sh.smarter.prompt.core.error.PromptException;

/**
 * The interactive chat: a prompt line, one turn per line, and a few slash commands. Reads plain lines (no line
 * editor), so it works the same in a terminal, a pipe and a test.
 */
public final class InteractiveChat {
    private static final String PROMPT = "you> ";
    private static final String HELP = "/new starts a new session, /history shows this session, /session prints its"
            + " key, /quit (or Ctrl+D) leaves";

    private final ChatConversation conversation;
    private final BufferedReader in;
    private final PrintWriter out;
    private final TranscriptPrinter printer;
    private final Styles styles;

    public InteractiveChat(ChatConversation conversation, BufferedReader in, PrintWriter out, TranscriptPrinter printer,
                           Styles styles) {
        this.conversation = conversation;
        this.in = in;
        this.out = out;
        this.printer = printer;
        this.styles = styles;
    }

    /** Runs until /quit or the end of input; returns the exit code. */
    public int run() throws IOException {
        printer.notice("Chatting with " + conversation.chatbot() + " on " + conversation.target().label() + ", "
                + (conversation.session() == null ? "in a new session" : "continuing session "
                + conversation.session().abbreviated()) + ". " + HELP + ".");
        while (true) {
            out.print(styles.bold(PROMPT));
            out.flush();
            String line = in.readLine();
            if (line == null) {
                out.println();
                return ExitCode.OK;
            }
            String input = line.strip();
            if (input.isEmpty()) {
                continue;
            }
            if (input.startsWith("/")) {
                if (!command(input)) {
                    return ExitCode.OK;
                }
                continue;
            }
            turn(input);
        }
    }

    /** @return false to leave */
    private boolean command(String input) {
        switch (input) {
            case "/quit", "/exit", "/q" -> {
                return false;
            }
            case "/new" -> {
                conversation.startNew();
                printer.notice("the next message starts a new session");
            }
            case "/session" -> printer.notice(conversation.session() == null ? "no session yet"
                    : "session " + conversation.session().value());
            case "/history" -> history();
            case "/help", "/?" -> printer.notice(HELP);
            default -> printer.notice("unknown command " + input + "; " + HELP);
        }
        return true;
    }

    private void turn(String input) {
        try {
            conversation.send(input);
        } catch (PromptException | CliFailure e) {
            int code = e instanceof CliFailure failure ? failure.exitCode() : ExitCode.of(((PromptException) e).kind());
            if (code == ExitCode.NOT_FOUND || code == ExitCode.REFUSED) {
                throw e; // no later line can fix a missing chatbot or a refused key
            }
            printer.error(e.getMessage());
        }
    }

    private void history() {
        try {
            List<ChatTarget.HistoryLine> lines = conversation.history();
            if (lines.isEmpty()) {
                printer.notice("no messages yet");
            }
            for (ChatTarget.HistoryLine line : lines) {
                out.println(styles.bold(line.role() + ":") + " " + line.content());
            }
            out.flush();
        } catch (PromptException | CliFailure e) {
            printer.error(e.getMessage());
        }
    }
}
