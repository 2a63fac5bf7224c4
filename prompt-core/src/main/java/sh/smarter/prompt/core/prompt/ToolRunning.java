package sh.smarter.prompt.core.prompt;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import sh.smarter.prompt.core.error.PromptException;
import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.json.JsonParseException;
import sh.smarter.prompt.core.json.JsonString;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.ToolCall;
import sh.smarter.prompt.core.session.ToolExecution;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.core.tool.PluginRunner;
import sh.smarter.prompt.core.tool.PluginToolName;

/**
 * Runs the tool calls a provider asked for, one at a time, and records each in the turn. A tool that fails answers
 * the model with an error object; it never ends the turn.
 */
final class ToolRunning {
    private static final System.Logger LOG = System.getLogger(ToolRunning.class.getName());

    private final PluginRunner plugins;
    private final Clock clock;

    ToolRunning(PluginRunner plugins, Clock clock) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs one call and returns the tool message that answers it (not yet added to the turn). */
    NewMessage run(ToolCall call, OfferedTools tools, String providerName, TurnInProgress turn) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        Plugin plugin = null;
        Json arguments;
        Json result;
        try {
            arguments = Json.parse(call.arguments());
        } catch (JsonParseException e) {
            arguments = new JsonString(call.arguments());
        }
        turn.add(NewMessage.smarter(StatusLines.toolCalled(providerName, call.name(), call.arguments())));
        if (!(arguments instanceof JsonObject args)) {
            result = BuiltInFunction.error("arguments must be a JSON object");
        } else {
            BuiltInFunction function = tools.functions().get(call.name());
            OptionalLong pluginId = PluginToolName.parse(call.name());
            plugin = pluginId.isPresent() ? tools.plugins().get(pluginId.getAsLong()) : null;
            try {
                if (function != null) {
                    result = function.invoke(args);
                } else if (plugin != null) {
                    result = plugins.run(plugin, args);
                } else {
                    result = BuiltInFunction.error("unknown tool " + call.name() + "; offered: "
                            + String.join(", ", tools.names()));
                }
            } catch (PromptException e) {
                result = BuiltInFunction.error(e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "tool " + call.name() + " failed", e);
                result = BuiltInFunction.error("tool " + call.name() + " failed unexpectedly");
            }
        }
        String resultText = result.toJson();
        turn.toolCalls.add(new PromptResult.ToolCallSummary(call.name(), arguments, plugin));
        turn.executions.add(new ToolExecution(turn.id, call.id(), call.name(), call.arguments(), resultText,
                plugin == null ? null : plugin.id(), plugin == null ? null : plugin.name(),
                ProviderCalling.millisSince(start), at));
        return NewMessage.toolResult(call.id(), call.name(), resultText);
    }

    /** The answer to a call left unrun because the turn reached its tool-round limit. */
    static NewMessage notRun(ToolCall call) {
        return NewMessage.toolResult(call.id(), call.name(),
                BuiltInFunction.error("not run: tool round limit reached").toJson());
    }
}
