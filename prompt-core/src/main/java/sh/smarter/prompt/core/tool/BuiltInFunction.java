package sh.smarter.prompt.core.tool;

import sh.smarter.prompt.core.json.Json;
import sh.smarter.prompt.core.json.JsonObject;
import sh.smarter.prompt.core.provider.ToolDefinition;

/**
 * A function the model may call that ships with the product (calculator, date_calculator, get_current_weather).
 * A chatbot lists the ones it may use by name.
 */
public interface BuiltInFunction {

    default String name() {
        return definition().name();
    }

    /** The tool schema offered to the model. */
    ToolDefinition definition();

    /**
     * Runs the call. Failures the model can act on (bad arguments, a division by zero, an unknown place) are
     * returned as {@code {"error": "..."}}, never thrown.
     */
    Json invoke(JsonObject arguments);

    static JsonObject error(String message) {
        return JsonObject.builder().put("error", message).build();
    }
}
