package sh.smarter.prompt.core.prompt;

import java.util.List;
import java.util.Objects;
import sh.smarter.prompt.core.access.Principal;
import sh.smarter.prompt.core.access.SessionOwners;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.resource.ChatbotRef;
import sh.smarter.prompt.core.session.ClientInfo;
import sh.smarter.prompt.core.session.Role;

/**
 * A prompt request. It validates itself: there must be a new user input, either {@code inputText} or the content
 * of the last {@code user} message.
 */
public record PromptCommand(ChatbotRef chatbot, SessionChoice session, List<IncomingMessage> messages,
                            String inputText, ClientInfo client, Principal principal) {
    public static final int MAX_MESSAGES = 1000;
    public static final int MAX_INPUT_CHARS = 200_000;

    public PromptCommand {
        Objects.requireNonNull(chatbot, "chatbot");
        session = session == null ? SessionChoice.NEW : session;
        messages = messages == null ? List.of() : List.copyOf(messages);
        principal = principal == null ? Principal.ANONYMOUS : principal;
        client = SessionOwners.stamped(client == null ? ClientInfo.UNKNOWN : client, principal);
        if (messages.size() > MAX_MESSAGES) {
            throw PromptException.invalid("too many messages: at most " + MAX_MESSAGES + " per request");
        }
        String input = inputText != null && !inputText.isBlank() ? inputText : lastUserContent(messages);
        if (input == null || input.isBlank()) {
            throw PromptException.invalid("no user message: send messages ending with a non-empty {\"role\": "
                    + "\"user\", \"content\": \"...\"} or an input_text");
        }
        if (input.length() > MAX_INPUT_CHARS) {
            throw PromptException.invalid("the user message is too long: at most " + MAX_INPUT_CHARS + " characters");
        }
        inputText = input;
    }

    private static String lastUserContent(List<IncomingMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            IncomingMessage m = messages.get(i);
            if (m != null && Role.fromWireName(m.role()).orElse(null) == Role.USER) {
                return m.content();
            }
        }
        return null;
    }

    /** The client's messages before its last user message: the intro it shows before the first prompt. */
    public List<IncomingMessage> introMessages() {
        int last = -1;
        for (int i = messages.size() - 1; i >= 0; i--) {
            IncomingMessage m = messages.get(i);
            if (m != null && Role.fromWireName(m.role()).orElse(null) == Role.USER) {
                last = i;
                break;
            }
        }
        return last < 0 ? messages : messages.subList(0, last);
    }
}
