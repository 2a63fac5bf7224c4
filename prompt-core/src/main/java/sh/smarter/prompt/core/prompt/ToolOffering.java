package sh.smarter.prompt.core.prompt;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import sh.smarter.prompt.core.provider.ToolDefinition;
import sh.smarter.prompt.core.resource.Chatbot;
import sh.smarter.prompt.core.resource.ChatbotLookup;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.session.NewMessage;
import sh.smarter.prompt.core.session.PluginSelection;
import sh.smarter.prompt.core.tool.BuiltInFunction;
import sh.smarter.prompt.core.tool.PluginRunner;

/**
 * The step after loading the context: the plugins the input selects, what they change of the system role and the
 * model settings, and the tools offered to the model (the chatbot's built-in functions, then those plugins).
 */
final class ToolOffering {
    private static final System.Logger LOG = System.getLogger(ToolOffering.class.getName());

    private final ChatbotLookup lookup;
    private final Map<String, BuiltInFunction> functions;
    private final Clock clock;

    ToolOffering(ChatbotLookup lookup, List<BuiltInFunction> functions, Clock clock) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        Map<String, BuiltInFunction> byName = new LinkedHashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        this.functions = Map.copyOf(byName);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What every provider round of the turn sends besides the messages. */
    record Offer(String systemText, String model, double temperature, int maxTokens, OfferedTools tools) {
    }

    /** Selects the plugins (recording each selection in the turn) and offers the tools. */
    Offer offer(Chatbot chatbot, String systemText, TurnInProgress turn) {
        List<Plugin> selected = selectPlugins(chatbot, turn);
        String model = chatbot.defaultModel();
        double temperature = chatbot.defaultTemperature();
        int maxTokens = chatbot.defaultMaxTokens();
        boolean overridden = false;
        for (Plugin plugin : selected) {
            var prompt = plugin.prompt();
            if (prompt.systemRoleText().isPresent()) {
                systemText = SystemRoles.withPluginRole(systemText, prompt.systemRole());
            }
            // The first selected plugin that overrides the model settings wins; later ones only add their role.
            if (!overridden && (prompt.model() != null || prompt.temperature() != null || prompt.maxTokens() != null)) {
                model = prompt.modelName().orElse(model);
                temperature = prompt.temperatureValue().orElse(temperature);
                maxTokens = prompt.maxTokensValue().orElse(maxTokens);
                overridden = true;
            }
        }
        return new Offer(systemText, model, temperature, maxTokens, tools(chatbot, selected));
    }

    private List<Plugin> selectPlugins(Chatbot chatbot, TurnInProgress turn) {
        String input = turn.input;
        List<Plugin> selected = new ArrayList<>();
        for (String name : chatbot.plugins()) {
            Optional<Plugin> plugin = lookup.findPlugin(chatbot.accountId(), name);
            if (plugin.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "chatbot {0} lists plugin {1}, which does not exist",
                        chatbot.name(), name);
                continue;
            }
            Optional<String> reason = PluginMatcher.reasonSelected(plugin.get(), input);
            if (reason.isPresent()) {
                selected.add(plugin.get());
                turn.selections.add(new PluginSelection(turn.id, plugin.get().id(), plugin.get().name(), input,
                        reason.get(), clock.instant()));
                turn.add(NewMessage.smarter(StatusLines.pluginSelected(plugin.get().name(), reason.get())));
            }
        }
        return selected;
    }

    private OfferedTools tools(Chatbot chatbot, List<Plugin> selected) {
        List<ToolDefinition> definitions = new ArrayList<>();
        Map<String, BuiltInFunction> offered = new LinkedHashMap<>();
        for (String name : chatbot.functions()) {
            BuiltInFunction function = functions.get(name);
            if (function == null) {
                LOG.log(System.Logger.Level.WARNING, "chatbot {0} lists function {1}, which this installation"
                        + " does not provide", chatbot.name(), name);
                continue;
            }
            offered.put(name, function);
            definitions.add(function.definition());
        }
        Map<Long, Plugin> byId = new LinkedHashMap<>();
        for (Plugin plugin : selected) {
            byId.put(plugin.id(), plugin);
            definitions.add(PluginRunner.definitionOf(plugin));
        }
        return new OfferedTools(List.copyOf(definitions), offered, byId);
    }
}
