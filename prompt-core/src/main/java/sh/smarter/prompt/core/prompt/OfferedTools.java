package sh.smarter.prompt.core.prompt;

import java.util.List;
import java.util.Map;
import sh.smarter.prompt.core.provider.ToolDefinition;
import sh.smarter.prompt.core.resource.Plugin;
import sh.smarter.prompt.core.tool.BuiltInFunction;

/** The tools offered in a turn: the chatbot's built-in functions, then the selected plugins. */
record OfferedTools(List<ToolDefinition> definitions, Map<String, BuiltInFunction> functions,
                    Map<Long, Plugin> plugins) {

    boolean isEmpty() {
        return definitions.isEmpty();
    }

    List<String> names() {
        return definitions.stream().map(ToolDefinition::name).toList();
    }
}
