package sh.smarter.prompt.core.event;

import java.time.Instant;
import sh.smarter.prompt.core.session.SessionKey;

/**
 * Something that happened during a prompt turn, published to observers after the fact. Observers never decide
 * anything: a failing observer does not fail the turn.
 */
public sealed interface PromptEvent {
    String turnId();

    Instant at();

    record PromptStarted(String turnId, long chatbotId, SessionKey sessionKey, String inputText, Instant at)
            implements PromptEvent {
    }

    record PluginSelected(String turnId, long pluginId, String pluginName, String reason, Instant at)
            implements PromptEvent {
    }

    record ToolCalled(String turnId, String functionName, String arguments, String result, Long pluginId,
                      long durationMillis, Instant at) implements PromptEvent {
    }

    record PromptFinished(String turnId, long chatbotId, SessionKey sessionKey, int rounds, long promptTokens,
                          long completionTokens, long durationMillis, Instant at) implements PromptEvent {
    }

    /** The provider or the tool loop failed; the turn was still stored with a {@code smarter_error} message. */
    record ResponseFailed(String turnId, long chatbotId, SessionKey sessionKey, String errorClass, String message,
                          Instant at) implements PromptEvent {
    }
}
