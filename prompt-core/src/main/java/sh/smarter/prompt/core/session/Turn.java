package sh.smarter.prompt.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one prompt produced, appended in one transaction after the session's last {@code seq}.
 *
 * <p>{@code seedIfEmpty} holds the opening messages of a conversation (the system message and the client's intro
 * messages). They are stored only if the session is still empty when the turn is appended, so two first prompts
 * racing on a new session do not both seed it.
 *
 * <p>{@code idempotency} is null unless the turn runs under a client's idempotency key; the append then marks the
 * key done in the same transaction.
 */
public record Turn(String id, long chatbotId, long accountId, Instant startedAt, List<NewMessage> seedIfEmpty,
                   List<NewMessage> messages, List<ProviderExchange> exchanges, List<ToolExecution> toolExecutions,
                   List<PluginSelection> pluginSelections, TokenUsage usage, String titleIfUntitled,
                   TurnIdempotency idempotency) {
    public Turn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        seedIfEmpty = List.copyOf(seedIfEmpty == null ? List.of() : seedIfEmpty);
        messages = List.copyOf(messages == null ? List.of() : messages);
        exchanges = List.copyOf(exchanges == null ? List.of() : exchanges);
        toolExecutions = List.copyOf(toolExecutions == null ? List.of() : toolExecutions);
        pluginSelections = List.copyOf(pluginSelections == null ? List.of() : pluginSelections);
        usage = usage == null ? TokenUsage.NONE : usage;
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a turn has at least one message");
        }
    }

    /** A turn without an idempotency key. */
    public Turn(String id, long chatbotId, long accountId, Instant startedAt, List<NewMessage> seedIfEmpty,
                List<NewMessage> messages, List<ProviderExchange> exchanges, List<ToolExecution> toolExecutions,
                List<PluginSelection> pluginSelections, TokenUsage usage, String titleIfUntitled) {
        this(id, chatbotId, accountId, startedAt, seedIfEmpty, messages, exchanges, toolExecutions, pluginSelections,
                usage, titleIfUntitled, null);
    }

    /** The same turn, run under this idempotency key (null for none). */
    public Turn withIdempotency(TurnIdempotency value) {
        return new Turn(id, chatbotId, accountId, startedAt, seedIfEmpty, messages, exchanges, toolExecutions,
                pluginSelections, usage, titleIfUntitled, value);
    }
}
